"""Changes from the settings window: the user's comments and order kept, validated before the
file is touched, written atomically with the previous file kept as a backup."""

from __future__ import annotations

import os
from functools import partial
from pathlib import Path

import pytest

from trayapp.core.model import ProviderSpec
from trayapp.settings import config_edit as edit
from trayapp.settings.catalogue import DEFAULT_ENABLED, load_catalogue
from trayapp.settings.config import DEFAULT_CONFIG, ConfigError, load
from trayapp.settings.config_write import backup_path, update

CATALOGUE = load_catalogue()

HAND_WRITTEN = """\
# My settings, do not lose this comment.
poll_interval = 120  # two minutes is plenty

[catalogue]
# the ones I pay for
enabled = ["openai", "anthropic"]

[notifications]
muted = ["anthropic"]
"""


def watched(path: Path) -> list[str]:
    return [p.id for p in load(path, CATALOGUE).providers]


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(HAND_WRITTEN)
    return path


def test_watching_a_provider_keeps_comments_and_order(config: Path):
    update(
        config,
        CATALOGUE,
        partial(edit.set_watched, catalogue=CATALOGUE, provider_id="mistral", watched=True),
    )
    text = config.read_text()
    assert "# My settings, do not lose this comment." in text
    assert "poll_interval = 120  # two minutes is plenty" in text
    assert "# the ones I pay for" in text
    assert text.index("poll_interval") < text.index("[catalogue]") < text.index("[notifications]")
    assert watched(config) == ["openai", "anthropic", "mistral"]
    assert backup_path(config).read_text() == HAND_WRITTEN


def test_unwatching_and_watching_again(config: Path):
    update(
        config,
        CATALOGUE,
        partial(edit.set_watched, catalogue=CATALOGUE, provider_id="openai", watched=False),
    )
    assert watched(config) == ["anthropic"]
    update(
        config,
        CATALOGUE,
        partial(edit.set_watched, catalogue=CATALOGUE, provider_id="openai", watched=True),
    )
    assert watched(config) == ["anthropic", "openai"]


def test_no_file_starts_from_the_commented_default(tmp_path: Path):
    path = tmp_path / "new" / "config.toml"
    update(
        path,
        CATALOGUE,
        partial(edit.set_watched, catalogue=CATALOGUE, provider_id="gemini", watched=False),
    )
    assert watched(path) == [p for p in DEFAULT_ENABLED if p != "gemini"]
    assert "# AI Status Tray configuration" in path.read_text()
    assert not backup_path(path).exists()  # there was nothing before


def test_an_invalid_change_is_refused_with_the_validators_reason_and_the_file_untouched(
    config: Path,
):
    stat = config.stat()
    with pytest.raises(ConfigError, match=r"poll_interval: must be at least 15 seconds"):
        update(config, CATALOGUE, partial(edit.set_top, key="poll_interval", value=5))
    assert config.read_text() == HAND_WRITTEN
    assert config.stat().st_mtime_ns == stat.st_mtime_ns
    assert not backup_path(config).exists()
    assert [p.name for p in config.parent.iterdir()] == ["config.toml"]  # no temp file left


def test_the_last_provider_cannot_be_switched_off(tmp_path: Path):
    path = tmp_path / "config.toml"
    path.write_text('[catalogue]\nenabled = ["openai"]\n')
    with pytest.raises(ConfigError, match="no provider is watched"):
        update(
            path,
            CATALOGUE,
            partial(edit.set_watched, catalogue=CATALOGUE, provider_id="openai", watched=False),
        )
    assert watched(path) == ["openai"]


def test_components_of_a_catalogue_provider_become_its_override(config: Path):
    update(
        config, CATALOGUE, partial(edit.set_components, provider_id="openai", components=["Codex"])
    )
    spec = next(p for p in load(config, CATALOGUE).providers if p.id == "openai")
    assert spec.components == ("Codex",)
    assert spec.own_components
    assert spec.url == CATALOGUE["openai"].url  # the rest is the catalogue's


def test_a_catalogue_provider_with_its_own_table_can_be_switched_off(config: Path):
    update(
        config, CATALOGUE, partial(edit.set_components, provider_id="openai", components=["Codex"])
    )
    update(
        config,
        CATALOGUE,
        partial(edit.set_watched, catalogue=CATALOGUE, provider_id="openai", watched=False),
    )
    assert watched(config) == ["anthropic"]
    assert 'components = ["Codex"]' in config.read_text()  # the choice is kept for later
    update(
        config,
        CATALOGUE,
        partial(edit.set_watched, catalogue=CATALOGUE, provider_id="openai", watched=True),
    )
    assert "openai" in watched(config)
    assert "enabled = false" not in config.read_text()


def test_loudness_is_written_per_provider_and_silent_replaces_muted(config: Path):
    update(config, CATALOGUE, partial(edit.set_loudness, provider_id="openai", level="outages"))
    assert load(config, CATALOGUE).loudness == {"openai": "outages"}
    update(config, CATALOGUE, partial(edit.set_loudness, provider_id="anthropic", level="all"))
    loaded = load(config, CATALOGUE)
    assert loaded.muted == ()  # it was muted; "every change" now
    update(config, CATALOGUE, partial(edit.set_loudness, provider_id="openai", level="all"))
    assert load(config, CATALOGUE).loudness == {}


def test_language_and_interval_go_before_the_tables(config: Path):
    update(
        config,
        CATALOGUE,
        partial(edit.set_top, key="language", value="id"),
        partial(edit.set_top, key="poll_interval", value=90),
    )
    loaded = load(config, CATALOGUE)
    assert (loaded.language, loaded.poll_interval) == ("id", 90)
    assert "poll_interval = 90  # two minutes is plenty" in config.read_text()
    update(config, CATALOGUE, partial(edit.set_top, key="language", value=None))
    assert load(config, CATALOGUE).language is None


def test_a_provider_found_by_url_is_added_with_its_components(config: Path):
    spec = ProviderSpec(id="acme", name="Acme", type="statuspage", url="https://status.acme.ai")
    update(config, CATALOGUE, partial(edit.add_provider, spec=spec, components=["API"]))
    added = next(p for p in load(config, CATALOGUE).providers if p.id == "acme")
    assert (added.name, added.type, added.components) == ("Acme", "statuspage", ("API",))
    assert config.read_text().startswith(HAND_WRITTEN)


def test_an_edit_made_in_an_editor_meanwhile_is_kept(config: Path):
    config.write_text(HAND_WRITTEN + "\n# added by hand\n")
    update(config, CATALOGUE, partial(edit.set_loudness, provider_id="openai", level="silent"))
    assert "# added by hand" in config.read_text()


def test_the_users_permissions_are_kept(config: Path):
    os.chmod(config, 0o600)
    update(config, CATALOGUE, partial(edit.set_top, key="poll_interval", value=60))
    assert config.stat().st_mode & 0o777 == 0o600


def test_a_broken_file_is_refused_with_its_reason(config: Path):
    config.write_text("poll_interval = = 3\n")
    with pytest.raises(ConfigError):
        update(config, CATALOGUE, partial(edit.set_top, key="poll_interval", value=60))
    assert config.read_text() == "poll_interval = = 3\n"


def test_the_default_config_mentions_loudness():
    assert "[notifications.loudness]" in DEFAULT_CONFIG
