"""The per-language rewriters on small cases: exact output, or a refusal with a reason.

`SK` marks the secret span; the tests replace it by name `KEY` (the value itself is irrelevant
to the rewriters, which only see byte spans).
"""

from __future__ import annotations

import pytest

from checks.fixes.secrets import RewriteRefused, Span, rewrite_file
from checks.model import Language

MARK = "SK_TEST_VALUE"


def rewrite(source: str, language: Language, name: str = "KEY") -> str:
    data = source.encode("utf-8")
    spans = []
    pos = data.find(MARK.encode())
    while pos != -1:
        spans.append(Span(pos, pos + len(MARK), name))
        pos = data.find(MARK.encode(), pos + 1)
    return rewrite_file(data, language, spans).decode("utf-8")


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('x = "SK_TEST_VALUE";', "x = process.env.KEY;"),
        ("x = 'SK_TEST_VALUE';", "x = process.env.KEY;"),
        ('x = "a SK_TEST_VALUE b";', "x = `a ${process.env.KEY} b`;"),
        ('x = "a\\n\\"q\\" SK_TEST_VALUE";', 'x = `a\\n\\"q\\" ${process.env.KEY}`;'),
        ("x = `SK_TEST_VALUE`;", "x = process.env.KEY;"),
        ("x = `${a}SK_TEST_VALUE`;", "x = `${a}${process.env.KEY}`;"),
        ("x = String.raw`SK_TEST_VALUE`;", "x = String.raw`${process.env.KEY}`;"),
        ('o = { "SK_TEST_VALUE": 1 };', "o = { [process.env.KEY]: 1 };"),
        ('o = { k: "SK_TEST_VALUE" };', "o = { k: process.env.KEY };"),
        ('h = "Basic " + "SK_TEST_VALUE:" + p;', 'h = "Basic " + `${process.env.KEY}:` + p;'),
        ("// SK_TEST_VALUE", "// process.env.KEY"),
        ('x = "SK_TEST_VALUE" + "SK_TEST_VALUE";', "x = process.env.KEY + process.env.KEY;"),
        ('x = "SK_TEST_VALUE:SK_TEST_VALUE";', "x = `${process.env.KEY}:${process.env.KEY}`;"),
    ],
)
def test_javascript(source: str, expected: str) -> None:
    assert rewrite(source, Language.NODE) == expected


def test_typescript_and_bom() -> None:
    source = '\ufeffconst k: string = "SK_TEST_VALUE";\n'
    assert rewrite(source, Language.TYPESCRIPT) == "\ufeffconst k: string = process.env.KEY;\n"


@pytest.mark.parametrize(
    ("source", "reason"),
    [
        ('import x from "SK_TEST_VALUE";', "import/export source"),
        ("x = /SK_TEST_VALUE/;", "not inside a string or comment"),
        ('x = "\\1 SK_TEST_VALUE";', "legacy octal escape"),
    ],
)
def test_javascript_refusals(source: str, reason: str) -> None:
    with pytest.raises(RewriteRefused, match=reason):
        rewrite(source, Language.NODE)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('import os\nx = "SK_TEST_VALUE"\n', 'import os\nx = os.environ["KEY"]\n'),
        ('import os.path\nx = "SK_TEST_VALUE"\n', 'import os.path\nx = os.environ["KEY"]\n'),
        ('x = "SK_TEST_VALUE"\n', 'import os\nx = os.environ["KEY"]\n'),
        ('x = "SK_TEST_VALUE"\r\n', 'import os\r\nx = os.environ["KEY"]\r\n'),
        (
            "#!/usr/bin/env python\n# c\nx = 'SK_TEST_VALUE'\n",
            '#!/usr/bin/env python\n# c\nimport os\nx = os.environ["KEY"]\n',
        ),
        (
            '@d\ndef f():\n    return "SK_TEST_VALUE"\n',
            'import os\n@d\ndef f():\n    return os.environ["KEY"]\n',
        ),
        ('import os\nx = u"a SK_TEST_VALUE"\n', 'import os\nx = (u"a " + os.environ["KEY"])\n'),
        (
            'import os\nx = b"a SK_TEST_VALUE"\n',
            'import os\nx = (b"a " + os.environ["KEY"].encode())\n',
        ),
        (
            "import os\nx = '''a\nSK_TEST_VALUE'''\n",
            "import os\nx = f'''a\n{os.environ[\"KEY\"]}'''\n",
        ),
        ('import os\nx = "SK_TEST_VALUE".upper()\n', 'import os\nx = os.environ["KEY"].upper()\n'),
        (
            'import os\nx = "{a}" "b SK_TEST_VALUE"\n',
            'import os\nx = "{a}" f"b {os.environ[\'KEY\']}"\n',
        ),
        (
            'import os\nx = f"{y!r} SK_TEST_VALUE"\n',
            "import os\nx = f\"{y!r} {os.environ['KEY']}\"\n",
        ),
        (
            'import os\nx = "\\N{BULLET} SK_TEST_VALUE"\n',
            'import os\nx = ("\\N{BULLET} " + os.environ["KEY"])\n',
        ),
        ('"""SK_TEST_VALUE"""\n', '"""os.environ[\'KEY\']"""\n'),
    ],
)
def test_python(source: str, expected: str) -> None:
    assert rewrite(source, Language.PYTHON) == expected


@pytest.mark.parametrize(
    ("source", "reason"),
    [
        ('import os\nx = b"x" b"SK_TEST_VALUE"\n', "bytes literal joined"),
        ('import os\nx = "a" "{b} SK_TEST_VALUE"\n', "string joined"),
        ('import os\nx = f"{SK_TEST_VALUE}"\n', "not inside a string|inside an f-string field"),
        ("x = (\n", "does not parse"),
    ],
)
def test_python_refusals(source: str, reason: str) -> None:
    with pytest.raises(RewriteRefused, match=reason):
        rewrite(source, Language.PYTHON)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("T=SK_TEST_VALUE\n", 'T="$KEY"\n'),
        ('curl -H "X: SK_TEST_VALUE"\n', 'curl -H "X: $KEY"\n'),
        ('echo "SK_TEST_VALUEabc"\n', 'echo "${KEY}abc"\n'),
        ("echo 'SK_TEST_VALUE'\n", 'echo "$KEY"\n'),
        ("echo 'a SK_TEST_VALUE b'\n", "echo 'a '\"$KEY\"' b'\n"),
        ("echo $'a\\t SK_TEST_VALUE'\n", "echo $'a\\t '\"$KEY\"\n"),
        ('x=$(echo "SK_TEST_VALUE")\n', 'x=$(echo "$KEY")\n'),
        ("cat <<-E\n\tSK_TEST_VALUE\n\tE\n", "cat <<-E\n\t${KEY}\n\tE\n"),
        ("echo hi # SK_TEST_VALUE\n", "echo hi # $KEY\n"),
        ("echo a#SK_TEST_VALUE\n", 'echo a#"$KEY"\n'),
    ],
)
def test_bash(source: str, expected: str) -> None:
    assert rewrite(source, Language.BASH) == expected


@pytest.mark.parametrize(
    ("source", "reason"),
    [
        ("cat <<'E'\nSK_TEST_VALUE\nE\n", "quoted heredoc"),
        ("echo 'unterminated SK_TEST_VALUE\n", "unterminated quote"),
    ],
)
def test_bash_refusals(source: str, reason: str) -> None:
    with pytest.raises(RewriteRefused, match=reason):
        rewrite(source, Language.BASH)


def test_go_is_refused() -> None:
    with pytest.raises(RewriteRefused, match="go steps are not supported"):
        rewrite('package main\nconst k = "SK_TEST_VALUE"\n', Language.GO)
