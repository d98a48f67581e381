"""Credentials in the keyring: round trips, redaction, and a missing keyring."""

from __future__ import annotations

import pytest

from checks.pipedream import (
    SERVICE,
    Credentials,
    KeyringUnavailable,
    NotLoggedIn,
    delete_credentials,
    load_credentials,
    save_credentials,
)
from tests.checks.pipedream.conftest import API_KEY, CLIENT_ID, CLIENT_SECRET, MemoryKeyring


def test_api_key_round_trip(memory_keyring: MemoryKeyring) -> None:
    save_credentials(Credentials(kind="api_key", api_key=API_KEY))
    assert memory_keyring.store == {(SERVICE, "api_key"): API_KEY}
    creds = load_credentials()
    assert creds.kind == "api_key" and creds.api_key == API_KEY


def test_oauth_replaces_api_key_and_back(memory_keyring: MemoryKeyring) -> None:
    save_credentials(Credentials(kind="api_key", api_key=API_KEY))
    save_credentials(Credentials(kind="oauth", client_id=CLIENT_ID, client_secret=CLIENT_SECRET))
    assert set(memory_keyring.store) == {
        (SERVICE, "oauth_client_id"),
        (SERVICE, "oauth_client_secret"),
    }
    creds = load_credentials()
    assert creds.kind == "oauth" and creds.client_id == CLIENT_ID
    save_credentials(Credentials(kind="api_key", api_key=API_KEY))
    assert set(memory_keyring.store) == {(SERVICE, "api_key")}


def test_delete_and_not_logged_in(memory_keyring: MemoryKeyring) -> None:
    assert delete_credentials() is False
    save_credentials(Credentials(kind="api_key", api_key=API_KEY))
    assert delete_credentials() is True and memory_keyring.store == {}
    with pytest.raises(NotLoggedIn, match="stepguard login"):
        load_credentials()


def test_repr_never_shows_secrets() -> None:
    key = Credentials(kind="api_key", api_key=API_KEY)
    oauth = Credentials(kind="oauth", client_id=CLIENT_ID, client_secret=CLIENT_SECRET)
    for text in (repr(key), str(key), repr(oauth), f"{oauth}", repr([key, oauth])):
        assert API_KEY not in text and CLIENT_SECRET not in text and CLIENT_ID not in text
    assert key.cache_key != oauth.cache_key and API_KEY not in key.cache_key


def test_keyring_unavailable_is_one_clear_line(no_keyring: None) -> None:
    with pytest.raises(KeyringUnavailable) as info:
        save_credentials(Credentials(kind="api_key", api_key=API_KEY))
    message = str(info.value)
    assert "\n" not in message and "keyring" in message and "gnome-keyring" in message
    assert API_KEY not in message
    with pytest.raises(KeyringUnavailable):
        load_credentials()
