"""Which of a step's names hold what the auth analysis follows, propagated through assignments.

Language-neutral: a half of the auth analysis hands over each assignment as the names it binds
and a `Summary` of the value (node ids, names, calls and lookups, nested functions excluded),
the step's request aliases (name → request path, see `pypaths`/`jspaths`) and, per round, the
predicates that judge a call or a lookup. `Taint` then knows the names that hold a request
credential (`req_tainted`), any credential, computed signature or verification result
(`tainted`), the request body re-serialised as JSON (`serialized`), a request timestamp
(`ts_vars`) and anything taken from the request (`request_vars`); `cred_ids`/`request_ids`
are the node ids of the request reads themselves (the half records them).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Generic, Protocol, TypeVar

from checks.auth.providers import is_credential_path
from checks.parsing.values import is_timestamp_header
from checks.parsing.vocabulary import is_timestamp_name

N = TypeVar("N")


class Summary(Protocol[N]):
    """What the taint predicates look at in an assigned value."""

    ids: set[int]  # id of every node
    names: set[str]  # names read
    calls: list[N]
    lookups: list[N]  # nodes whose request path may name a timestamp header


Judge = Callable[[N], bool]


class Taint(Generic[N]):
    def __init__(
        self, aliases: Mapping[str, str | None], assigns: Sequence[tuple[list[str], Summary[N]]]
    ) -> None:
        self.assigns = assigns
        self.cred_ids: set[int] = set()
        self.request_ids: set[int] = set()
        self.req_tainted: set[str] = set()
        self.tainted: set[str] = set()
        self.serialized: set[str] = set()
        self.ts_vars: set[str] = set()
        self.request_vars: set[str] = set()
        # aliases of request credentials, of anything in the request, of request timestamps
        self.cred_aliases = {n for n, p in aliases.items() if is_credential_path(p)}
        self.request_aliases = {n for n, p in aliases.items() if p and p.startswith("EVENT")}
        self.ts_aliases = {n for n, p in aliases.items() if is_timestamp_header(p)}
        self._fixed_at = -1  # `grown` when a round last changed nothing

    def req_name(self, name: str) -> bool:
        """The name holds a request credential."""
        return name in self.req_tainted or name in self.cred_aliases

    def request_name(self, name: str) -> bool:
        """The name holds something taken from the request."""
        return name in self.req_tainted or name in self.request_vars or name in self.request_aliases

    def timestamp_name(self, name: str) -> bool:
        """The name holds (or says it holds) a timestamp."""
        return name in self.ts_vars or name in self.ts_aliases or is_timestamp_name(name)

    def propagate(
        self, grown: int, any_cred: Judge[N], reserialize: Judge[N], timestamp: Judge[N]
    ) -> None:
        """Two rounds over the assignments (reassignments). `grown` counts the only outside
        input that changes between calls (it only grows: the step's verifier functions); a call
        after a round that changed nothing with the same `grown` returns at once."""
        for _ in range(2):
            if self._fixed_at == grown:
                return
            before = self._sizes()
            for names, summary in self.assigns:
                req, anyc, ser, ts, reqv = self._flags(summary, any_cred, reserialize, timestamp)
                if req:
                    self.req_tainted.update(names)
                    self.tainted.update(names)
                elif anyc:
                    self.tainted.update(names)
                if ser:
                    self.serialized.update(names)
                if ts:
                    self.ts_vars.update(names)
                if reqv:
                    self.request_vars.update(names)
            if self._sizes() == before:
                self._fixed_at = grown

    def _sizes(self) -> tuple[int, ...]:
        sets = (self.req_tainted, self.tainted, self.serialized, self.ts_vars, self.request_vars)
        return tuple(len(s) for s in sets)

    def _flags(
        self, s: Summary[N], any_cred: Judge[N], reserialize: Judge[N], timestamp: Judge[N]
    ) -> tuple[bool, bool, bool, bool, bool]:
        """Whether some node of the value is a request credential, any credential, a
        re-serialised body, a timestamp, a request value (set operations on ids and names)."""
        ids, names = s.ids, s.names
        req = (
            not self.cred_ids.isdisjoint(ids)
            or not self.req_tainted.isdisjoint(names)
            or not self.cred_aliases.isdisjoint(names)
        )
        anyc = req or not self.tainted.isdisjoint(names) or any(any_cred(c) for c in s.calls)
        ser = not self.serialized.isdisjoint(names) or any(reserialize(c) for c in s.calls)
        ts = (
            not self.ts_vars.isdisjoint(names)
            or not self.ts_aliases.isdisjoint(names)
            or any(is_timestamp_name(name) for name in names)
            or any(timestamp(n) for n in s.lookups)
        )
        reqv = (
            not self.request_ids.isdisjoint(ids)
            or not self.cred_ids.isdisjoint(ids)
            or not self.req_tainted.isdisjoint(names)
            or not self.request_vars.isdisjoint(names)
            or not self.request_aliases.isdisjoint(names)
        )
        return req, anyc, ser, ts, reqv
