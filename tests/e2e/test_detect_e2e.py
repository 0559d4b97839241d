"""End to end: detection through the real command against loopback pages of every format."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.e2e.test_cli import cli, write_config
from tests.statusserver import StatusServer
from trayapp.settings.catalogue import load_catalogue

CHECKLY = "/api/status-page/127-0-0-1/"
# format -> (path suffix of the URL given to `add`, {path: fixture}, platform, components)
PAGES: dict[str, tuple[str, dict[str, str], str, int]] = {
    "statuspage": ("", {"/api/v2/summary.json": "statuspage/healthy.json"}, "Statuspage", 4),
    "incidentio": (
        "",
        {
            "/api/v2/summary.json": "incidentio/compat_healthy.json",
            "/proxy/HOST": "incidentio/proxy_healthy.json",
        },
        "incident.io",
        5,
    ),
    "instatus": ("", {"/summary.json": "instatus/up.json"}, "Instatus", 0),
    "betterstack": (
        "",
        {"/index.json": "betterstack/operational_resolved_trap.json"},
        "Better Stack",
        -1,
    ),
    "checkly": (
        "",
        {
            CHECKLY + "uptime": "checkly/uptime.json",
            CHECKLY + "unresolved-incidents": "checkly/unresolved_none.json",
        },
        "Checkly",
        17,
    ),
    "datadog": ("", {"/config.json": "datadog/healthy.json"}, "Datadog Status Pages", 7),
    "flashcat": ("", {"/feed.rss": "feed/flashcat.rss"}, "Flashcat", 0),
    "feed": ("/feed.xml", {"/feed.xml": "feed/xai.xml"}, "RSS/Atom feed", 0),
}


@pytest.mark.parametrize("fmt", sorted(PAGES))
def test_add_detects_every_format_and_writes_a_working_provider(
    fmt: str, server: StatusServer, home: Path
):
    suffix, routes, platform, components = PAGES[fmt]
    host = server.url.split("//", 1)[1]
    for path, name in routes.items():
        server.set_fixture(path.replace("HOST", host), name)
    config = home / "config.toml"

    result = cli("add", server.url + suffix, "--name", "Acme AI", "--config", str(config))
    assert result.returncode == 0, result.stderr
    assert f"Platform found at {server.url + suffix}: {platform}\n" in result.stdout
    if components > 0:
        assert f"{components} components:" in result.stdout
    elif components == 0:
        assert "No components listed" in result.stdout
    text = config.read_text()
    assert '[[providers]]\nid = "acme-ai"\nname = "Acme AI"\n' in text
    assert f'type = "{fmt}"' in text
    assert 'enabled = ["openai", "anthropic", "gemini", "copilot"]' in text  # the default kept

    # The new provider reads its page as detected, with no detection needed any more.
    status = cli("status", "--json", "--config", str(_only_acme(config, home)))
    provider = json.loads(status.stdout)["providers"][0]
    assert provider["id"] == "acme-ai"
    assert provider["type"] == fmt
    assert provider["state"] != "unknown", provider
    assert not any("detected" in note for note in provider["notes"])


def _only_acme(config: Path, home: Path) -> Path:
    """The written config without the catalogue defaults (which would go to the internet)."""
    text = config.read_text().replace(
        'enabled = ["openai", "anthropic", "gemini", "copilot"]', "enabled = []"
    )
    only = home / "only.toml"
    only.write_text(text)
    return only


def test_add_a_google_dashboard_with_its_product_id(server: StatusServer, home: Path):
    server.set_fixture("/incidents.json", "gcloud/workspace_open.json")
    config = home / "config.toml"
    args = ["add", server.url, "--name", "Gemini app", "--config", str(config)]
    assert cli(*args).returncode == 1  # without a product id Google's document means nothing
    result = cli(*args, "--product", "npdyhgECDJ6tB66MxXyo")
    assert result.returncode == 0, result.stderr
    assert "Google's status dashboard" in result.stdout
    assert "1 component:\n  - Gemini\n" in result.stdout
    assert 'type = "gcloud"\nurl = "' in config.read_text()
    provider = json.loads(cli("status", "--json", "--config", str(_only_acme(config, home))).stdout)
    assert provider["providers"][0]["state"] == "partial_outage"


def test_add_twice_gives_unique_ids_and_rejects_unknown_pages(server: StatusServer, home: Path):
    server.set_fixture("/api/v2/summary.json", "statuspage/healthy.json")
    server.set_fixture("/two/api/v2/summary.json", "statuspage/healthy.json")
    config = home / "config.toml"
    assert cli("add", server.url, "--name", "Acme", "--config", str(config)).returncode == 0
    two = f"{server.url}/two"
    assert cli("add", two, "--name", "Acme", "--config", str(config)).returncode == 0
    assert 'id = "acme-2"' in config.read_text()
    before = config.read_text()
    result = cli("add", server.url + "/nothing", "--config", str(config))
    assert result.returncode == 1
    assert "no supported status page format answered" in result.stderr
    assert config.read_text() == before
    refused = cli("add", "http://status.example.com", "--config", str(config))
    assert refused.returncode == 2
    assert "plain http is allowed only for loopback hosts" in refused.stderr


def test_status_reads_a_page_given_without_type(server: StatusServer, home: Path):
    server.set_fixture("/config.json", "datadog/outage.json")
    config = write_config(home / "c.toml", [{"id": "router", "name": "Router", "url": server.url}])
    data = json.loads(cli("status", "--json", "--config", str(config)).stdout)
    provider = data["providers"][0]
    assert provider["type"] == "datadog"
    assert provider["state"] == "major_outage"
    assert provider["notes"] == []  # the format was left to the app: no note


def test_a_catalogue_provider_whose_page_moved_is_read_the_new_way(
    server: StatusServer, home: Path
):
    # An old config still says OpenRouter is on Statuspage; the page now is Datadog's.
    server.set_fixture("/config.json", "datadog/outage.json")
    config = write_config(
        home / "c.toml",
        [{"id": "openrouter", "type": "statuspage", "url": server.url}],
    )
    data = json.loads(cli("status", "--json", "--config", str(config)).stdout)
    provider = data["providers"][0]
    assert provider["type"] == "datadog"
    assert provider["state"] == "major_outage"
    assert provider["notes"] == [
        "OpenRouter's status page moved to Datadog Status Pages; reading it there"
    ]
    table = cli("status", "--config", str(config)).stdout
    assert "moved to Datadog Status Pages" in table


def test_watch_follows_a_page_that_changes_platform_between_polls(server: StatusServer, home: Path):
    server.set_fixture("/api/v2/summary.json", "statuspage/healthy.json")
    config = write_config(
        home / "c.toml",
        [{"id": "mistral", "type": "statuspage", "url": server.url}],
        interval=0.5,
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "trayapp", "watch", "--config", str(config)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "COLUMNS": "160"},  # room for the whole incident title
    )
    assert proc.stdout is not None
    seen: list[str] = []
    try:
        while "✔ operational" not in "".join(seen):
            seen.append(proc.stdout.readline())
        # Mistral moves to Checkly between two polls (its catalogue entry knows the slug).
        server.routes.pop("/api/v2/summary.json")
        slug = "/api/status-page/mistral-ai/"
        server.set_fixture(slug + "uptime", "checkly/uptime.json")
        server.set_fixture(slug + "unresolved-incidents", "checkly/unresolved_open.json")
        deadline = time.monotonic() + 60
        while "moved to Checkly" not in seen[-1] and time.monotonic() < deadline:
            seen.append(proc.stdout.readline())
        assert "Mistral's status page moved to Checkly" in seen[-1]  # cut to the terminal
        after_move = "".join(seen[-8:])
        assert "partial outage" in after_move and "Chat Completions" in after_move
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_providers_json_lists_the_catalogue_and_marks_the_watched(home: Path):
    config = home / "c.toml"
    config.write_text(
        '[catalogue]\nenabled = ["mistral"]\n[[providers]]\nid = "acme"\nname = "Acme"\n'
        'type = "statuspage"\nurl = "https://status.acme.example"\n'
    )
    result = cli("providers", "--json", "--config", str(config))
    rows = json.loads(result.stdout)
    catalogue = load_catalogue()
    assert [r["id"] for r in rows] == [*catalogue, "acme"]
    by_id = {r["id"]: r for r in rows}
    assert {k for k, v in by_id.items() if v["enabled"]} == {"mistral", "acme"}
    assert by_id["mistral"] == {
        "id": "mistral",
        "name": "Mistral",
        "vendor": None,
        "type": "checkly",
        "url": "https://status.mistral.ai",
        "fallback_urls": [],
        "components": [],
        "chat_url": "https://chat.mistral.ai",
        "enabled": True,
        "verified": "2026-11-30",
        "catalogue": True,
    }
    assert by_id["copilot"]["components"] == ["Copilot", "Copilot AI Model Providers"]
    assert by_id["anthropic"]["fallback_urls"] == ["https://anthropic.statuspage.io"]
    assert by_id["acme"]["catalogue"] is False
