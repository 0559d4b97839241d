"""Removing a provider the user added: its block leaves the file, everything else stays."""

from __future__ import annotations

from pathlib import Path

import pytest
import tomlkit

from trayapp.settings.config import ConfigError, load
from trayapp.settings.config_remove import remove_provider
from trayapp.windows.settings_store import SettingsStore

FILE = """\
# my settings
poll_interval = 60  # mine

[catalogue]
enabled = ["anthropic"]

# my first own page
[[providers]]
id = "acme"
name = "Acme"
type = "statuspage"
url = "https://status.acme.example"
# acme: the API only
components = [
  "API",
]

# zeta: keep an eye on it
[[providers]]
id = "zeta"
name = "Zeta"
type = "statuspage"
url = "https://status.zeta.example"

[notifications]
loudness = { zeta = "silent" }
"""


def test_the_block_leaves_with_its_own_comments_and_the_rest_stays_as_written():
    assert remove_provider(FILE, "acme") == FILE.replace(
        '# my first own page\n[[providers]]\nid = "acme"\nname = "Acme"\n'
        'type = "statuspage"\nurl = "https://status.acme.example"\n# acme: the API only\n'
        'components = [\n  "API",\n]\n\n',
        "",
    )


def test_the_last_block_leaves_and_the_next_table_keeps_its_place():
    assert remove_provider(FILE, "zeta") == FILE.replace(
        '# zeta: keep an eye on it\n[[providers]]\nid = "zeta"\nname = "Zeta"\n'
        'type = "statuspage"\nurl = "https://status.zeta.example"\n\n',
        "",
    )


def test_a_trailing_comment_after_a_blank_line_heads_what_follows_and_stays():
    text = '[[providers]]\nid = "a"\nurl = "https://a.example"\n\n# the end of my file\n'
    assert remove_provider(text, "a") == "# the end of my file\n"


def test_a_layout_the_lines_do_not_tell_falls_back_to_the_document():
    # A header inside a multi-line string: the lines would cut the wrong block.
    text = (
        '[[providers]]\nid = "a"\nname = """\n[[providers]]\n"""\nurl = "https://a.example"\n\n'
        '[[providers]]\nid = "b"\nurl = "https://b.example"\n'
    )
    left = tomlkit.parse(remove_provider(text, "b")).unwrap()
    assert [row["id"] for row in left["providers"]] == ["a"]
    assert left["providers"][0]["name"] == "[[providers]]\n"


def test_no_such_provider_is_refused():
    with pytest.raises(ConfigError, match="no provider 'nope'"):
        remove_provider(FILE, "nope")


def test_the_store_removes_the_block_and_its_notification_choice(tmp_path: Path):
    path = tmp_path / "config.toml"
    path.write_text(FILE)
    store = SettingsStore(path, data_dir=tmp_path)
    config = store.remove_provider("zeta")
    assert [p.id for p in config.providers] == ["anthropic", "acme"]
    assert "zeta" not in path.read_text()
    assert (tmp_path / "config.toml.bak").read_text() == FILE
    assert [p.id for p in load(path, store.catalogue).providers] == ["anthropic", "acme"]


def test_a_catalogue_provider_is_switched_off_not_removed(tmp_path: Path):
    path = tmp_path / "config.toml"
    path.write_text(FILE + '\n[[providers]]\nid = "anthropic"\ncomponents = ["API"]\n')
    store = SettingsStore(path, data_dir=tmp_path)
    with pytest.raises(ConfigError, match="comes with the app: switch it off instead"):
        store.remove_provider("anthropic")
    assert path.read_text().endswith('id = "anthropic"\ncomponents = ["API"]\n')
