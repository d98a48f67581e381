"""Bash steps: a small word splitter (quotes, escapes, `$VAR`, `$(...)`) and curl/wget requests.

Not a full shell parser: enough to find `curl`/`wget` command lines, their URLs (after simple
variable expansion), credentials and TLS-disabling flags, with source offsets for the fix.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from checks.parsing import Code
from checks.parsing.vocabulary import is_auth_key
from checks.transport.sites import RequestSite, StaticUrl, UrlLiteral

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_OPS = ("&&", "||", ";;", ";", "&", "|", "(", ")", "\n")
_OP_START = frozenset(op[0] for op in _OPS)  # no operator starts with another character


@dataclass
class Segment:
    kind: str  # "lit" | "var" | "opaque"
    text: str  # literal text or variable name
    offset: int = -1  # char offset of a literal's first character in the step text


@dataclass
class Word:
    start: int  # char span in the step text
    end: int
    segments: list[Segment] = field(default_factory=list)

    @property
    def literal(self) -> str | None:
        """The word's value if it has no expansions."""
        if all(s.kind == "lit" for s in self.segments):
            return "".join(s.text for s in self.segments)
        return None

    def known_text(self) -> str:
        return "".join(s.text if s.kind == "lit" else "\0" for s in self.segments)


Command = list[Word]


class _Lexer:
    def __init__(self, text: str) -> None:
        self.text = text
        self.commands: list[Command] = []

    def run(self, start: int, stop: int) -> None:
        """Split text[start:stop] into commands (nested `$(...)` bodies are lexed too)."""
        t = self.text
        i = start
        current: Command = []
        word: Word | None = None

        def end_word(pos: int) -> None:
            nonlocal word
            if word is not None:
                word.end = pos
                current.append(word)
                word = None

        def end_command() -> None:
            nonlocal current
            if current:
                self.commands.append(current)
            current = []

        def lit(ch: str, pos: int) -> None:
            nonlocal word
            if word is None:
                word = Word(pos, pos)
            segs = word.segments
            if segs and segs[-1].kind == "lit" and segs[-1].offset + len(segs[-1].text) == pos:
                segs[-1].text += ch
            else:
                segs.append(Segment("lit", ch, pos))

        def add(seg: Segment, pos: int) -> None:
            nonlocal word
            if word is None:
                word = Word(pos, pos)
            word.segments.append(seg)

        while i < stop:
            ch = t[i]
            if ch == "\\" and i + 1 < stop:
                if t[i + 1] == "\n":
                    i += 2  # line continuation
                    continue
                lit(t[i + 1], i + 1)
                i += 2
                continue
            if ch in " \t\r":
                end_word(i)
                i += 1
                continue
            if ch == "#" and word is None:
                nl = t.find("\n", i, stop)
                i = stop if nl == -1 else nl
                continue
            op = next((o for o in _OPS if t.startswith(o, i)), None) if ch in _OP_START else None
            if op is not None:
                end_word(i)
                end_command()
                i += len(op)
                continue
            if ch in "<>":
                end_word(i)
                i += 1
                continue
            if ch == "'":
                close = t.find("'", i + 1, stop)
                close = stop if close == -1 else close
                if word is None:
                    word = Word(i, i)
                if close > i + 1:
                    word.segments.append(Segment("lit", t[i + 1 : close], i + 1))
                i = close + 1
                continue
            if ch == '"':
                i = self._double(i, stop, lit, add)
                continue
            if ch == "$" or ch == "`":
                i = self._dollar(i, stop, add)
                continue
            lit(ch, i)
            i += 1
        end_word(stop)
        end_command()

    def _double(
        self,
        i: int,
        stop: int,
        lit: Callable[[str, int], None],
        add: Callable[[Segment, int], None],
    ) -> int:
        t = self.text
        add(Segment("lit", "", i + 1), i)  # a word exists even for ""
        j = i + 1
        while j < stop and t[j] != '"':
            if t[j] == "\\" and j + 1 < stop and t[j + 1] in '"\\$`\n':
                if t[j + 1] != "\n":
                    lit(t[j + 1], j + 1)
                j += 2
                continue
            if t[j] in "$`":
                j = self._dollar(j, stop, add)
                continue
            lit(t[j], j)
            j += 1
        return j + 1

    def _dollar(self, i: int, stop: int, add: Callable[[Segment, int], None]) -> int:
        t = self.text
        if t[i] == "`":
            close = t.find("`", i + 1, stop)
            close = stop if close == -1 else close
            self.run(i + 1, close)
            add(Segment("opaque", ""), i)
            return close + 1
        if t.startswith("$(", i):
            close = _matching_paren(t, i + 1, stop)
            if not t.startswith("$((", i):
                self.run(i + 2, close)
            add(Segment("opaque", ""), i)
            return close + 1
        if t.startswith("${", i):
            close = t.find("}", i, stop)
            close = stop if close == -1 else close
            body = t[i + 2 : close]
            m = _NAME.fullmatch(body)
            add(Segment("var", m.group(0)) if m else Segment("opaque", ""), i)
            return close + 1
        m = _NAME.match(t, i + 1)
        if m is not None:
            add(Segment("var", m.group(0)), i)
            return m.end()
        add(Segment("lit", "$", i), i)
        return i + 1


def _matching_paren(t: str, open_at: int, stop: int) -> int:
    depth = 0
    j = open_at
    quote = ""
    while j < stop:
        c = t[j]
        if quote:
            if c == quote:
                quote = ""
            elif c == "\\" and quote == '"':
                j += 1
        elif c in "'\"":
            quote = c
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return j
        j += 1
    return stop


def shell_commands(text: str) -> list[Command]:
    lexer = _Lexer(text)
    lexer.run(0, len(text))
    return sorted(lexer.commands, key=lambda c: c[0].start)


def code_commands(code: Code) -> list[Command]:
    """`shell_commands` of a step's text, lexed once per step (memoised on `code`; read only)."""
    return code.memo(code_commands, lambda: shell_commands(code.text))


# -- curl / wget ----------------------------------------------------------------------------

CURL_SHORT_WITH_ARG = set("AbcCdDeEFHKmoPQrTuUwxXyYzt")
CURL_LONG_WITH_ARG = {
    "--header",
    "--data",
    "--data-raw",
    "--data-binary",
    "--data-urlencode",
    "--data-ascii",
    "--json",
    "--request",
    "--output",
    "--user",
    "--user-agent",
    "--referer",
    "--form",
    "--form-string",
    "--upload-file",
    "--proxy",
    "--url",
    "--cookie",
    "--cookie-jar",
    "--max-time",
    "--connect-timeout",
    "--retry",
    "--cacert",
    "--capath",
    "--cert",
    "--key",
    "--write-out",
    "--config",
    "--oauth2-bearer",
    "--resolve",
    "--connect-to",
    "--range",
    "--proxy-user",
    "--retry-delay",
    "--retry-max-time",
    "--limit-rate",
    "--output-dir",
    "--aws-sigv4",
    "--variable",
    "--expand-data",
    "--expand-url",
    "--dump-header",
}
WGET_SHORT_WITH_ARG = set("OoPUeatTwQlADIRa")
WGET_LONG_WITH_ARG = {
    "--header",
    "--user",
    "--password",
    "--http-user",
    "--http-password",
    "--post-data",
    "--post-file",
    "--body-data",
    "--body-file",
    "--method",
    "--output-document",
    "--output-file",
    "--user-agent",
    "--referer",
    "--directory-prefix",
    "--tries",
    "--timeout",
    "--ca-certificate",
    "--certificate",
    "--private-key",
    "--load-cookies",
    "--save-cookies",
}
CREDENTIAL_OPTIONS = {
    "-u",
    "--user",
    "--oauth2-bearer",
    "--password",
    "--http-password",
    "--proxy-user",
    "--aws-sigv4",
}
TLS_OFF = {"curl": {"-k", "--insecure", "--proxy-insecure"}, "wget": {"--no-check-certificate"}}
PREFIX_COMMANDS = {"sudo", "time", "command", "exec", "nohup", "env"}


@dataclass
class ShellRequest:
    tool: str
    command: Command
    urls: list[Word]
    insecure: list[Word]  # the words that turn TLS verification off
    sends_credentials: bool


def shell_requests(commands: list[Command]) -> list[ShellRequest]:
    out: list[ShellRequest] = []
    for cmd in commands:
        words = list(cmd)
        while words and (words[0].literal or "") in PREFIX_COMMANDS:
            words = words[1:]
        while words and _assignment(words[0]) is not None:
            words = words[1:]
        if not words:
            continue
        tool = (words[0].literal or "").rsplit("/", 1)[-1]
        if tool not in ("curl", "wget"):
            continue
        out.append(_parse_tool(tool, cmd, words[1:]))
    return out


def _parse_tool(tool: str, cmd: Command, args: list[Word]) -> ShellRequest:
    short_arg = CURL_SHORT_WITH_ARG if tool == "curl" else WGET_SHORT_WITH_ARG
    long_arg = CURL_LONG_WITH_ARG if tool == "curl" else WGET_LONG_WITH_ARG
    urls: list[Word] = []
    insecure: list[Word] = []
    creds = False
    i = 0
    while i < len(args):
        w = args[i]
        value = w.literal
        if value is None or not value.startswith("-") or value == "-":
            urls.append(w)
            i += 1
            continue
        if value.startswith("--"):
            name, eq, inline = value.partition("=")
            if name in TLS_OFF[tool]:
                insecure.append(w)
            if name in CREDENTIAL_OPTIONS:
                creds = True
            arg: Word | None = None
            if name in long_arg and not eq:
                arg = args[i + 1] if i + 1 < len(args) else None
                i += 1
            if name == "--header":
                header = inline if eq else (arg.known_text() if arg else "")
                creds = creds or is_auth_key(header.split(":", 1)[0])
            if name == "--url" and arg is not None:
                urls.append(arg)
            i += 1
            continue
        # Short options, possibly combined (`-sSk`, `-XPOST`, `-H 'a: b'`).
        letters = value[1:]
        for j, letter in enumerate(letters):
            if f"-{letter}" in TLS_OFF[tool]:
                insecure.append(w)
            if f"-{letter}" in CREDENTIAL_OPTIONS:
                creds = True
            if letter in short_arg:
                inline = letters[j + 1 :]
                arg_text = inline
                if not inline and i + 1 < len(args):
                    arg_text = args[i + 1].known_text()
                    i += 1
                if letter == "H":
                    creds = creds or is_auth_key(arg_text.split(":", 1)[0])
                break
        i += 1
    return ShellRequest(tool, cmd, urls, insecure, creds)


def _assignment(word: Word) -> tuple[str, Word] | None:
    segs = word.segments
    if not segs or segs[0].kind != "lit":
        return None
    m = re.match(r"^([A-Za-z_][A-Za-z0-9_]*)=", segs[0].text)
    if m is None:
        return None
    name = m.group(1)
    cut = len(m.group(0))
    rest = [Segment("lit", segs[0].text[cut:], segs[0].offset + cut), *segs[1:]]
    return name, Word(word.start, word.end, [s for s in rest if s.kind != "lit" or s.text])


class ShellVars:
    """Values of simple `NAME=value` / `export NAME=value` assignments, in order."""

    def __init__(self, commands: list[Command]) -> None:
        self.history: dict[str, list[tuple[int, Word]]] = {}
        for cmd in commands:
            words = (
                cmd[1:]
                if cmd and cmd[0].literal in ("export", "readonly", "local", "declare")
                else cmd
            )
            if words and all(_assignment(w) is not None for w in words):
                for w in words:
                    name, value = _assignment(w)  # type: ignore[misc]
                    self.history.setdefault(name, []).append((w.start, value))

    def value(self, name: str, at: int) -> Word | None:
        before = [v for pos, v in self.history.get(name, []) if pos < at]
        return before[-1] if before else None


def expand(word: Word, env: ShellVars, text: str, depth: int = 0) -> StaticUrl:
    """Statically known prefix of a word after `$VAR` expansion, with the scheme's literal."""
    prefix = ""
    literal: UrlLiteral | None = None
    for seg in word.segments:
        if seg.kind == "lit":
            if (
                not prefix
                and seg.text[:7].lower() == "http://"
                and text[seg.offset : seg.offset + 7].lower() == "http://"
            ):
                literal = UrlLiteral(word.start, word.end, seg.offset)
            prefix += seg.text
        elif seg.kind == "var" and depth < 4:
            bound = env.value(seg.text, word.start)
            if bound is None:
                return StaticUrl(prefix, False, literal)
            part = expand(bound, env, text, depth + 1)
            if not prefix and part.prefix:
                literal = part.literal
            prefix += part.prefix
            if not part.complete:
                return StaticUrl(prefix, False, literal)
        else:
            return StaticUrl(prefix, False, literal)
    return StaticUrl(prefix, True, literal)


def sh_request_sites(code: Code) -> list[RequestSite]:
    text = code.text
    commands = code_commands(code)
    env = ShellVars(commands)
    to_bytes = _ByteOffsets(text)
    sites: list[RequestSite] = []
    for req in shell_requests(commands):
        start = to_bytes(req.command[0].start)
        end = to_bytes(req.command[-1].end)
        for url_word in req.urls:
            static = expand(url_word, env, text)
            if static.parts is None:
                continue
            literal = static.literal
            if literal is not None:
                literal = UrlLiteral(
                    to_bytes(literal.start), to_bytes(literal.end), to_bytes(literal.scheme_start)
                )
            static = StaticUrl(static.prefix, static.complete, literal)
            parts = static.parts
            sites.append(
                RequestSite(
                    client=req.tool,
                    start=start,
                    end=end,
                    url=static,
                    sends_credentials=req.sends_credentials or bool(parts and parts.has_userinfo),
                    fixable=literal is not None,
                )
            )
    return sites


class _ByteOffsets:
    """Char offset → UTF-8 byte offset (identity for ASCII text)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.ascii = text.isascii()

    def __call__(self, pos: int) -> int:
        return pos if self.ascii else len(self.text[:pos].encode("utf-8", "surrogatepass"))


def byte_offsets(text: str) -> _ByteOffsets:
    return _ByteOffsets(text)
