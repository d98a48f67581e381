"""Look-alike names against the bundled popular lists."""

from __future__ import annotations

from checks.packages.typosquat import damerau_levenshtein, lookalike, popular_names


def test_distance() -> None:
    assert damerau_levenshtein("axios", "axois") == 1  # one swap
    assert damerau_levenshtein("lodash", "lodahs") == 1
    assert damerau_levenshtein("express", "expresss") == 1
    assert damerau_levenshtein("kitten", "sitting") == 3
    assert damerau_levenshtein("kitten", "sitting", limit=2) == 3


def test_bundled_lists_load() -> None:
    assert {"axios", "lodash", "@pipedream/platform"} <= popular_names("npm")
    assert {"requests", "pyyaml", "python-dateutil"} <= popular_names("pypi")


def test_lookalikes() -> None:
    assert lookalike("npm", "axois") == "axios"
    assert lookalike("npm", "expresss") == "express"
    assert lookalike("pypi", "reqeusts") == "requests"
    assert lookalike("pypi", "Python_DateUtil") is None  # the same name, normalised
    assert lookalike("npm", "axios") is None  # popular names are never flagged
    assert lookalike("npm", "got") is None  # too short to judge
    assert lookalike("npm", "left-pad-enterprise") is None
