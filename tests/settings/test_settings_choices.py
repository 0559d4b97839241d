"""What the settings window lists for each provider, its search, and the new config keys'
validation (loudness, a provider's ``enabled``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from trayapp.settings.catalogue import load_catalogue
from trayapp.settings.choices import matches, provider_choices
from trayapp.settings.config import ConfigError, parse

CATALOGUE = load_catalogue()
OWN = """\
[catalogue]
enabled = ["openai"]
[notifications]
muted = ["anthropic"]
[notifications.loudness]
openai = "outages"
[[providers]]
id = "acme"
name = "Acme AI"
type = "statuspage"
url = "https://status.acme.ai"
components = ["API"]
[[providers]]
id = "old"
name = "Old One"
type = "statuspage"
url = "https://status.old.example"
enabled = false
"""


def test_every_catalogue_provider_then_the_users_own_with_what_is_chosen():
    choices = {c.id: c for c in provider_choices(CATALOGUE, parse(OWN, CATALOGUE))}
    assert list(choices)[: len(CATALOGUE)] == list(CATALOGUE)
    assert [c for c in choices if c not in CATALOGUE] == ["acme"]
    assert choices["openai"].watched and choices["openai"].loudness == "outages"
    assert not choices["anthropic"].watched and choices["anthropic"].loudness == "silent"
    assert choices["acme"].own and choices["acme"].components == ("API",)
    assert choices["openai"].has_probe and not choices["acme"].has_probe
    assert choices["openai"].platform == "incident.io"


def test_a_switched_off_table_is_kept_but_not_watched():
    config = parse(OWN, CATALOGUE)
    assert [p.id for p in config.providers] == ["openai", "acme"]


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("", True),
        ("chat", True),
        ("OPENAI", True),
        ("incident", True),
        ("open chat", True),
        ("claude", False),
    ],
)
def test_search_finds_by_name_id_vendor_and_platform(query: str, found: bool):
    chatgpt = next(c for c in provider_choices(CATALOGUE, parse("", CATALOGUE)) if c.id == "openai")
    assert matches(chatgpt, query) is found


def test_search_finds_a_translated_platform_name():
    gemini = next(c for c in provider_choices(CATALOGUE, parse("", CATALOGUE)) if c.id == "gemini")
    assert matches(gemini, "dasbor", platform_name="dasbor status Google")


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (
            '[notifications.loudness]\nopenai = "loud"\n',
            'line 2: notifications.loudness.openai: expected one of "all", "outages", "silent"',
        ),
        (
            '[notifications.loudness]\nopnai = "silent"\n',
            "line 2: notifications.loudness.opnai: no provider 'opnai' (did you mean 'openai'?)",
        ),
        (
            "[notifications]\nloudness = 3\n",
            "notifications.loudness: expected a table ([notifications.loudness])",
        ),
        (
            '[[providers]]\nid = "openai"\nenabled = "no"\n',
            "line 3: providers[0].enabled: expected true or false",
        ),
    ],
)
def test_the_new_keys_are_validated_with_their_path(text: str, problem: str):
    with pytest.raises(ConfigError) as info:
        parse(text, CATALOGUE, Path("config.toml"))
    assert problem in str(info.value)
