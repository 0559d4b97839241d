"""API keys for the providers' probes, kept in the OS keyring and nowhere else.

Service ``ai-status-tray``, user name = the provider id (what ``polling/probe.py`` reads). A key
is never written to the config file, never logged, and never read back to be shown: the window
only asks whether one is stored.
"""

from __future__ import annotations

import logging
from types import ModuleType

log = logging.getLogger(__name__)

SERVICE = "ai-status-tray"
MAX_KEY_CHARS = 4096  # API keys are a few hundred characters at most


class KeyringError(RuntimeError):
    """The keyring could not do what was asked; the message names no secret."""


def _keyring() -> ModuleType:
    import keyring  # only when asked: the tray never loads it for nothing

    return keyring


def has_key(provider_id: str) -> bool:
    """Whether a key is stored for ``provider_id`` (False when there is no usable keyring)."""
    try:
        return _keyring().get_password(SERVICE, provider_id) is not None
    except Exception as exc:
        log.debug("keyring lookup for %s failed (%s)", provider_id, type(exc).__name__)
        return False


def store_key(provider_id: str, key: str) -> None:
    """Keep ``key`` for ``provider_id``; raises KeyringError (without the key) on failure."""
    key = key.strip()
    if not key or len(key) > MAX_KEY_CHARS or any(c.isspace() for c in key):
        raise ValueError("not an API key")
    try:
        _keyring().set_password(SERVICE, provider_id, key)
    except Exception as exc:
        raise KeyringError(type(exc).__name__) from None
    log.info("an API key was stored for %s", provider_id)


def forget_key(provider_id: str) -> None:
    """Remove the stored key for ``provider_id``, if any."""
    keyring = _keyring()
    try:
        keyring.delete_password(SERVICE, provider_id)
    except keyring.errors.PasswordDeleteError:
        return  # there was none
    except Exception as exc:
        raise KeyringError(type(exc).__name__) from None
    log.info("the API key for %s was removed", provider_id)
