"""`checks.auth.hints` answers as the vocabulary's hints do, on every window of a step."""

from __future__ import annotations

import random

from checks.auth.hints import secretish_within, verify_name_within
from checks.model import Language
from checks.parsing import Code
from checks.parsing.vocabulary import might_be_secretish, might_be_verify_name

_PIECES = [
    "SIG", "Mac", "sEcReT", "toKen", "PASSW", "kEy", "Digest", "BEARER", "jWt", "Auth",
    "VERIF", "Validat", "TimingSafeEqual", "constructEvent", "SafeCompare", "tsScmp",
    "\\", "é", "x", "_", " ", ".", "(", "s", "i", "g", "k", "e", "y", "\n",
]  # fmt: skip


def test_hints_match_the_vocabulary_on_every_window() -> None:
    rng = random.Random(12)
    for _ in range(60):
        code = Code("".join(rng.choice(_PIECES) for _ in range(40)), Language.NODE)
        size = len(code.data)
        found = 0
        for start in range(0, size, 3):
            for end in range(start, size + 1, 5):
                want = might_be_secretish(code.data, start, end)
                assert secretish_within(code, start, end) == want
                assert verify_name_within(code, start, end) == might_be_verify_name(
                    code.data, start, end
                )
                found += want
        assert found  # the windows do contain hints


def test_mixed_case_names_are_hints() -> None:
    code = Code("if (isValidSIGNATURE(req) && X_API_KEY) {}", Language.NODE)
    assert secretish_within(code, 0, len(code.data))
    assert verify_name_within(code, 0, 18)
    assert not secretish_within(code, 0, 10)
