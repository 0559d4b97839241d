"""Careless local files (issue 7): every config value validated; prefs validated and atomic."""

from __future__ import annotations

import errno
import json
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from trayapp.settings import prefs
from trayapp.settings.catalogue import load_catalogue
from trayapp.settings.config import ConfigError, load, parse

CATALOGUE = load_catalogue()
FILE = Path("/home/u/.config/ai-status-tray/config.toml")


def error(text: str) -> str:
    with pytest.raises(ConfigError) as info:
        parse(text, CATALOGUE, FILE)
    return str(info.value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("poll_interval = nan\n", "line 1: poll_interval: expected a number of seconds"),
        ("poll_interval = inf\n", "line 1: poll_interval: expected a number of seconds"),
        ("poll_interval = -inf\n", "line 1: poll_interval: expected a number of seconds"),
        (
            '[[providers]]\nid = "acme"\nname = "A"\ntype = "statuspage"\n'
            'url = "https://a.example"\n\n'
            '[[providers]]\nid = "acme"\nname = "B"\ntype = "statuspage"\n'
            'url = "https://b.example"\n',
            "line 8: providers[1].id: 'acme' is already described by [[providers]] number 1",
        ),
        (
            '[notifications]\nmuted = ["opnai"]\n',
            "line 2: notifications.muted[0]: no provider 'opnai' (did you mean 'openai'?)",
        ),
        (
            '[[providers]]\nid = "anthropic"\ntype = "feed"\nurl = "https://status.claude.com/history.atom"\n',
            "line 3: providers[0].type: changes the type of 'anthropic' from 'statuspage'",
        ),
    ],
    ids=["nan", "inf", "-inf", "duplicate-id", "muted-typo", "type-change-keeps-components"],
)
def test_config_values_are_validated_with_file_line_and_key(text: str, expected: str):
    message = error(text)
    assert message.startswith(f"{FILE}: ")
    assert expected in message


def test_a_type_change_with_its_own_components_is_accepted():
    config = parse(
        '[[providers]]\nid = "anthropic"\ntype = "feed"\ncomponents = []\n'
        'url = "https://status.claude.com/history.atom"\n',
        CATALOGUE,
    )
    spec = next(p for p in config.providers if p.id == "anthropic")
    assert (spec.type, spec.components) == ("feed", ())


def test_user_components_are_marked_as_the_users():
    config = parse('[[providers]]\nid = "openai"\ncomponents = ["APIs"]\n', CATALOGUE)
    spec = next(p for p in config.providers if p.id == "openai")
    assert spec.own_components and spec.components == ("APIs",)
    default = next(p for p in config.providers if p.id == "anthropic")
    assert not default.own_components


def test_an_explicit_config_path_must_exist(tmp_path: Path):
    missing = tmp_path / "typo.toml"
    assert load(missing, CATALOGUE).providers  # the default path: defaults
    with pytest.raises(ConfigError, match=r"typo\.toml: no such file"):
        load(missing, CATALOGUE, explicit=True)


@pytest.mark.parametrize(
    "content",
    [
        '{"muted": ["openai"], "paused_until": "2026-11-21T08:00:00"}',  # no UTC offset
        "{not json",
        '["a list"]',
        '{"muted": "openai"}',
        '{"muted": [1, 2]}',
        '{"paused_until": 12}',
        '{"paused_until": "tomorrow"}',
        "[" * 100_000,
    ],
)
def test_unreadable_prefs_are_set_aside_not_overwritten(tmp_path: Path, content: str):
    path = tmp_path / "prefs.json"
    path.write_text(content)
    assert prefs.load(path) == prefs.Prefs()
    assert (tmp_path / "prefs.json.unreadable").read_text() == content
    prefs.save(path, prefs.Prefs(frozenset({"gemini"})))
    assert prefs.load(path).muted == {"gemini"}
    assert (tmp_path / "prefs.json.unreadable").read_text() == content


def test_a_save_cut_short_keeps_the_previous_prefs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    path = tmp_path / "prefs.json"
    kept = prefs.Prefs(frozenset({"openai", "copilot"}), datetime(2026, 11, 21, 8, tzinfo=UTC))
    prefs.save(path, kept)

    def disk_full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", disk_full)
    prefs.save(path, prefs.Prefs())
    monkeypatch.undo()
    assert prefs.load(path) == kept
    assert json.loads(path.read_text())["muted"] == ["copilot", "openai"]
    assert [p.name for p in tmp_path.iterdir()] == ["prefs.json"]  # no temp file left behind
