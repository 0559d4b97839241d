"""API keys go to the OS keyring only, and are never shown back or logged."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError

from trayapp.settings import api_keys

SECRET = "sk-test-0123456789abcdef"


class MemoryKeyring(KeyringBackend):
    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.store.pop((service, username), None) is None:
            raise PasswordDeleteError("none")


class BrokenKeyring(MemoryKeyring):
    def set_password(self, service: str, username: str, password: str) -> None:
        raise RuntimeError(f"locked, could not store {password}")


@pytest.fixture
def memory() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def test_a_key_is_stored_under_the_probes_service_and_can_be_removed(
    memory: MemoryKeyring, caplog: pytest.LogCaptureFixture
):
    caplog.set_level(logging.DEBUG)
    assert not api_keys.has_key("openai")
    api_keys.store_key("openai", f"  {SECRET}\n")
    assert memory.store == {("ai-status-tray", "openai"): SECRET}
    assert api_keys.has_key("openai")
    api_keys.forget_key("openai")
    api_keys.forget_key("openai")  # none left: not an error
    assert not api_keys.has_key("openai")
    assert SECRET not in caplog.text


@pytest.mark.parametrize("bad", ["", "   ", "two words", "x" * 5000])
def test_what_is_not_a_key_is_refused(memory: MemoryKeyring, bad: str):
    with pytest.raises(ValueError):
        api_keys.store_key("openai", bad)
    assert memory.store == {}


def test_a_keyring_failure_never_carries_the_key():
    previous = keyring.get_keyring()
    keyring.set_keyring(BrokenKeyring())
    try:
        with pytest.raises(api_keys.KeyringError) as info:
            api_keys.store_key("openai", SECRET)
        assert SECRET not in str(info.value)
        assert info.value.__cause__ is None
    finally:
        keyring.set_keyring(previous)
