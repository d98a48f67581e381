"""npm range and PEP 440 resolution."""

from __future__ import annotations

import pytest

from checks.packages.versions import npm_resolve, npm_satisfies, pypi_resolve

NPM_VERSIONS = [
    "0.2.3",
    "0.2.9",
    "0.3.0",
    "1.2.0",
    "1.2.9",
    "1.3.0",
    "2.0.0-beta.1",
    "2.0.0",
    "11.0.0",
    "11.8.6",
    "12.0.0",
]
TAGS = {"latest": "12.0.0", "next": "2.0.0-beta.1"}


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        (None, "12.0.0"),
        ("latest", "12.0.0"),
        ("next", "2.0.0-beta.1"),
        ("1.2.0", "1.2.0"),
        ("9.9.9", None),
        ("^11.0.0", "11.8.6"),
        ("^0.2.3", "0.2.9"),
        ("~1.2", "1.2.9"),
        ("1.x", "1.3.0"),
        (">=1.0.0 <1.3", "1.2.9"),
        ("1.2.0 - 1.3", "1.3.0"),
        ("<1 || ^2", "2.0.0"),
        ("*", "12.0.0"),
        (">13", None),
    ],
)
def test_npm_resolve(spec: str | None, expected: str | None) -> None:
    assert npm_resolve(spec, NPM_VERSIONS, TAGS) == expected


def test_npm_prereleases_need_an_explicit_prerelease_comparator() -> None:
    assert not npm_satisfies("2.0.0-beta.1", ">=1.0.0")
    assert npm_satisfies("2.0.0-beta.2", ">=2.0.0-beta.1")
    assert npm_satisfies("0.21.1", ">=0.8.1 <0.28.0") and not npm_satisfies("1.7.2", "<0.21.2")


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        (None, "3.0"),
        ("==2.0", "2.0"),
        ("==2.0.0", "2.0"),
        ("==2.4", "2.4"),  # an exact pin may pick a yanked release
        (">=2,<3", "2.5"),
        ("~=2.0", "2.5"),
        ("==2.*", "2.5"),
        ("!=3.0", "2.5"),
        (">=4", None),
    ],
)
def test_pypi_resolve(spec: str | None, expected: str | None) -> None:
    versions = ["1.0", "2.0", "2.4", "2.5", "2.6rc1", "3.0", "3.1.dev0"]
    assert pypi_resolve(spec, versions, "3.0", yanked={"2.4"}) == expected
