"""Every catalogue entry, read end to end through the real command.

Each provider keeps its catalogue entry (type, product, components, match) with only its
``url`` pointed at a loopback server that serves a page in that provider's real shape.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

from tests.e2e.test_cli import cli
from tests.statusserver import FIXTURES, Route, StatusServer
from trayapp import sources
from trayapp.settings.catalogue import load_catalogue
from trayapp.sources import flashcat, incidentio

HEALTHY_IO: list[str | None] = ["incidentio/compat_healthy.json", "incidentio/proxy_healthy.json"]
SP_HEALTHY: list[str | None] = ["statuspage/healthy.json"]
# id -> (documents in endpoint order, None = the page answers 404; expected state)
PAGES: dict[str, tuple[list[str | None], str]] = {
    "openai": (HEALTHY_IO, "operational"),
    "anthropic": (["statuspage/outage.json"], "major_outage"),
    "gemini": (["gcloud/workspace_open.json"], "partial_outage"),
    "gemini-api": (["gcloud/outage.json"], "major_outage"),
    # Actions is down on GitHub's page, but only the Copilot components count.
    "copilot": (["statuspage/github_copilot.json"], "degraded"),
    "azure-openai": (["AZURE"], "degraded"),
    "mistral": (
        ["checkly/uptime.json", "checkly/unresolved_open.json", "checkly/maintenance_none.json"],
        "partial_outage",
    ),
    "perplexity": ([None, "incidentio/proxy_perplexity.json"], "degraded"),
    "deepseek": (["flashcat/active_outage.json", "feed/flashcat.rss"], "major_outage"),
    "xai": (["feed/xai.xml"], "partial_outage"),
    "groq": (HEALTHY_IO, "operational"),
    "cohere": (["incidentio/compat_with_incidents.json", None], "partial_outage"),
    "huggingface": (["betterstack/operational_resolved_trap.json"], "operational"),
    "together": (["betterstack/downtime.json"], "major_outage"),
    "openrouter": (["datadog/outage.json"], "major_outage"),
    # Cloudflare's page is "minor" because of other Cloudflare incidents; Replicate is fine.
    "replicate": (["statuspage/cloudflare_replicate.json"], "operational"),
    "cursor": (SP_HEALTHY, "operational"),
    "windsurf": (SP_HEALTHY, "operational"),
    "jetbrains-ai": (SP_HEALTHY, "operational"),
    "elevenlabs": (HEALTHY_IO, "operational"),
    "fireworks": (["statuspage/degraded_trap.json"], "partial_outage"),
    "anyscale": (SP_HEALTHY, "operational"),
    "characterai": (SP_HEALTHY, "operational"),
    "poe": (SP_HEALTHY, "operational"),
    "v0": (["statuspage/maintenance.json"], "maintenance"),
    "replit": (SP_HEALTHY, "operational"),
    "kimi": (SP_HEALTHY, "operational"),
    "minimax": (SP_HEALTHY, "operational"),
}


def azure_feed_now() -> bytes:
    """The Azure fixture with its item published an hour ago (wordless items age out)."""
    body = (FIXTURES / "feed/azure_items.xml").read_text()
    recent = format_datetime(datetime.now(UTC) - timedelta(hours=1), usegmt=True)
    return body.replace("Fri, 20 Nov 2026 10:10:00 Z", recent).encode()


def test_every_catalogue_entry_reads_its_real_shape(server: StatusServer, home: Path):
    catalogue = load_catalogue()
    assert set(PAGES) == set(catalogue), "every catalogue entry needs a page here"
    lines = ["poll_interval = 60", "[catalogue]", "enabled = []"]
    for pid, spec in catalogue.items():
        base = f"{server.url}/{pid}"
        url = base + "/feed.xml" if spec.type == "feed" else base
        local = replace(spec, url=url)
        names, _ = PAGES[pid]
        endpoints = sources.SOURCES[spec.type].endpoints(local)
        assert len(endpoints) == len(names), pid
        for endpoint, name in zip(endpoints, names, strict=True):
            path = endpoint.url.removeprefix(server.url)
            if name == "AZURE":
                server.set(path, Route(body=azure_feed_now(), content_type="application/xml"))
            elif name is not None:
                server.set_fixture(path, name)
        lines += ["[[providers]]", f"id = {json.dumps(pid)}", f"url = {json.dumps(url)}"]
    config = home / "catalogue.toml"
    config.write_text("\n".join(lines) + "\n")

    result = cli("status", "--json", "--config", str(config), timeout=120)
    assert result.stdout.startswith("{"), result.stderr
    data = json.loads(result.stdout)
    by_id = {p["id"]: p for p in data["providers"]}
    assert list(by_id) == list(catalogue)
    states = {pid: p["state"] for pid, p in by_id.items()}
    assert states == {pid: expected for pid, (_, expected) in PAGES.items()}
    for pid, spec in catalogue.items():
        assert by_id[pid]["type"] == spec.type
        assert by_id[pid]["name"] == spec.name
    assert by_id["perplexity"]["notes"] == [incidentio.summary_missing()]
    assert by_id["cohere"]["notes"] == [incidentio.proxy_missing()]
    assert flashcat.feed_only() not in by_id["deepseek"]["notes"]
    assert by_id["xai"]["incidents"][0]["title"] == "Elevated error rates on grok-4"
    assert by_id["gemini"]["incidents"][0]["url"].endswith("/gemini/incidents/wsOpen1")
