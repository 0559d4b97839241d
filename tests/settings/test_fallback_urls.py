"""``fallback_urls``: validated with its path like every key, kept by an override of the same
page, dropped with a page of the user's own; the catalogue's entries pass the same checks."""

from __future__ import annotations

from pathlib import Path

import pytest

from trayapp.settings.catalogue import CatalogueError, load_catalogue
from trayapp.settings.config import ConfigError, parse

CATALOGUE = load_catalogue()
PATH = Path("/home/u/.config/ai-status-tray/config.toml")


def error(text: str) -> str:
    with pytest.raises(ConfigError) as info:
        parse(text, CATALOGUE, PATH)
    return str(info.value)


def test_claude_falls_back_to_its_statuspage_origin_and_links_to_its_own_page():
    claude = CATALOGUE["anthropic"]
    assert claude.url == "https://status.claude.com"
    assert claude.status_page == "https://status.claude.com"
    assert claude.fallback_urls == ("https://anthropic.statuspage.io",)
    # Every fallback in the catalogue is an https Statuspage origin of a Statuspage page.
    for spec in CATALOGUE.values():
        for url in spec.fallback_urls:
            assert url.startswith("https://") and url.endswith(".statuspage.io"), spec.id
            assert spec.type == "statuspage", spec.id


def test_a_users_provider_may_list_fallback_urls():
    config = parse(
        """
[catalogue]
enabled = []
[[providers]]
id = "acme"
name = "Acme AI"
type = "statuspage"
url = "https://status.acme.ai"
fallback_urls = ["https://acme.statuspage.io/", "https://backup.acme.ai"]
""",
        CATALOGUE,
    )
    (acme,) = config.providers
    assert acme.fallback_urls == ("https://acme.statuspage.io", "https://backup.acme.ai")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (
            '["https://ok.example", "http://evil.example"]',
            "line 8: providers[0].fallback_urls[1]: plain http is allowed only for loopback hosts",
        ),
        ('"https://one.example"', "providers[0].fallback_urls: expected a list of non-empty"),
        ('["ftp://x.example"]', "providers[0].fallback_urls[0]: unsupported scheme 'ftp'"),
        ('["status.acme.ai"]', "providers[0].fallback_urls[0]: not an absolute URL"),
    ],
)
def test_bad_fallback_urls_name_the_file_line_and_key(value: str, expected: str):
    message = error(
        f"""[catalogue]
enabled = []
[[providers]]
id = "acme"
name = "Acme AI"
type = "statuspage"
url = "https://status.acme.ai"
fallback_urls = {value}
"""
    )
    assert message.startswith(f"{PATH}: ")
    assert expected in message


def test_an_override_of_the_same_page_keeps_the_fallback_and_a_new_page_drops_it():
    same = parse('[[providers]]\nid = "anthropic"\ncomponents = ["Claude API"]\n', CATALOGUE)
    assert same.providers[1].fallback_urls == ("https://anthropic.statuspage.io",)
    slash = parse(
        '[[providers]]\nid = "anthropic"\nurl = "https://status.claude.com/"\n', CATALOGUE
    )
    assert slash.providers[1].fallback_urls == ("https://anthropic.statuspage.io",)
    mirror = parse(
        '[[providers]]\nid = "anthropic"\nurl = "https://claude.mirror.example"\n', CATALOGUE
    )
    assert mirror.providers[1].fallback_urls == ()
    switched_off = parse('[[providers]]\nid = "anthropic"\nfallback_urls = []\n', CATALOGUE)
    assert switched_off.providers[1].fallback_urls == ()


def test_a_remote_fallback_keeps_the_real_page_poll_floor():
    text = """poll_interval = 1
[catalogue]
enabled = []
[[providers]]
id = "local"
name = "Local"
type = "statuspage"
url = "http://127.0.0.1:8080"
fallback_urls = ["https://status.example.com"]
"""
    assert "poll_interval: must be at least 15 seconds" in error(text)


def test_the_catalogue_refuses_a_fallback_it_may_not_poll():
    with pytest.raises(CatalogueError, match="fallback URL"):
        load_catalogue(
            '[x]\nname = "X"\ntype = "statuspage"\nurl = "https://x.example"\n'
            'fallback_urls = ["http://x.example"]\n'
        )
