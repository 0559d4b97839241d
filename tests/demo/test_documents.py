"""The replay's documents are read by the app's own parsers exactly as the scenario means: at
every update of every shipped scenario, each provider's state as the app computes it from the
page equals the state the scenario gives it. The shapes are the platforms' own."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import pytest

from trayapp import sources
from trayapp.core.aggregate import provider_status, worst
from trayapp.core.model import State
from trayapp.demo import documents, scenario
from trayapp.demo.run import watched
from trayapp.demo.scenario import Scenario, parse
from trayapp.polling.detect import _statuspage_or_compat

URL = "http://127.0.0.1:8123"


def read(replay: Scenario, provider: str, when: datetime) -> State:
    """The provider's state as the app reads it from the replay at ``when``."""
    spec = next(s for s in watched(replay, URL) if s.id == provider)
    base = f"{URL}/{provider}"
    if spec.type == "incidentio":
        docs = [
            documents.incidentio_summary(replay, provider, when, base),
            documents.incidentio_proxy(replay, provider, when, base),
        ]
    elif spec.type == "statuspage":
        docs = [documents.statuspage_summary(replay, provider, when, base)]
    else:
        docs = [documents.google_incidents(replay, provider, when, spec.product or "")]
    reading = sources.read(spec, docs, when)
    status = provider_status(spec, reading, when)
    assert status.error is None, status.notes
    return status.state


def meant(replay: Scenario, provider: str, when: datetime) -> State:
    """What the scenario says: its watched components, and its open incidents' impact."""
    spec = next(s for s in watched(replay, URL) if s.id == provider)
    page = replay.pages[provider]
    names = {
        c
        for g in page.groups
        for c in g.components
        if not spec.components or g.name in spec.components or c.split(" (")[0] in spec.components
    }
    states = [s for c, s in replay.components_at(provider, when).items() if c in names]
    for _incident, shown in replay.incidents_at(provider, when):
        if shown[-1].resolved:
            continue
        if any(c in names for u in shown for c, _s in u.affected) and spec.type == "statuspage":
            states.append(documents._impact(shown))  # Statuspage keeps an incident's impact
    return worst(states)


MOMENTS = [
    (each, provider, update.at + timedelta(minutes=1))
    for each in scenario.every()
    for provider in each.providers
    for incident in each.incidents
    for update in incident.updates
] + [(each, p, each.start) for each in scenario.every() for p in each.providers]


@pytest.mark.parametrize(
    ("replay", "provider", "when"),
    MOMENTS,
    ids=[f"{s.name}-{p}-{w:%dT%H%M}" for s, p, w in MOMENTS],
)
def test_the_app_reads_what_the_scenario_means(replay: Scenario, provider: str, when: datetime):
    assert read(replay, provider, when) is meant(replay, provider, when)


def test_the_outages_read_as_the_real_day_had_them():
    dec = scenario.load("openai-dec-2024")
    assert read(dec, "openai", datetime.fromisoformat("2024-12-11T16:00-08:00")) is (
        State.MAJOR_OUTAGE
    )
    feb = scenario.load("openai-anthropic-feb-2026")
    after = datetime.fromisoformat("2026-02-03T17:30-05:00")  # ChatGPT resolved, fine-tuning not
    assert read(feb, "openai", after) is State.DEGRADED
    assert read(feb, "anthropic", after) is State.OPERATIONAL
    monitoring = datetime.fromisoformat("2026-02-03T16:20-05:00")  # Claude's fix, not resolved
    assert read(feb, "anthropic", monitoring) is State.PARTIAL_OUTAGE


def test_the_shapes_are_the_platforms_own():
    dec = scenario.load("openai-dec-2024")
    when = datetime.fromisoformat("2024-12-11T16:30-08:00")
    compat = documents.incidentio_summary(dec, "openai", when, URL)
    assert len(compat["page"]["id"]) == 26 and "time_zone" not in compat["page"]
    assert _statuspage_or_compat(compat) == "incidentio"  # as detection tells them apart
    assert {c["status"] for c in compat["components"]} == {"full_outage"}
    assert compat["status"]["indicator"] == "critical"
    proxy = documents.incidentio_proxy(dec, "openai", when, URL)["summary"]
    (incident,) = proxy["ongoing_incidents"]
    assert incident["name"] == "API, ChatGPT & Sora Facing Issues"
    assert incident["updates"][0]["to_status"] == "identified"  # newest first
    assert [item["group"]["name"] for item in proxy["structure"]["items"][:3]] == [
        "APIs",
        "ChatGPT",
        "Sora",
    ]
    claude = documents.statuspage_summary(dec, "anthropic", when, URL)
    assert len(claude["page"]["id"]) == 12 and claude["page"]["time_zone"] == "Etc/UTC"
    assert _statuspage_or_compat(claude) == "statuspage"
    assert claude["incidents"] == [] and claude["status"]["indicator"] == "none"
    assert documents.google_incidents(dec, "gemini", when, "npdyhgECDJ6tB66MxXyo") == []


GEMINI = """
title = "T"
about = "A"
start = 2024-01-01T10:00:00+00:00
end = 2024-01-01T14:00:00+00:00
providers = ["gemini"]
[pages.gemini]
name = "Google Workspace"
components = ["Gemini"]
[[incidents]]
provider = "gemini"
name = "Gemini errors"
[[incidents.updates]]
at = 2024-01-01T11:00:00+00:00
status = "investigating"
message = "We're investigating."
affected = { Gemini = "major_outage" }
[[incidents.updates]]
at = 2024-01-01T12:00:00+00:00
status = "resolved"
message = "Mitigated."
"""


def test_google_keeps_a_closed_incident_listed_with_its_end():
    replay = parse("gemini", GEMINI)
    during = datetime.fromisoformat("2024-01-01T11:30+00:00")
    (item,) = documents.google_incidents(replay, "gemini", during, "npdyhgECDJ6tB66MxXyo")
    assert (item["status_impact"], item["end"]) == ("SERVICE_OUTAGE", None)
    assert read(replay, "gemini", during) is State.MAJOR_OUTAGE
    later = datetime.fromisoformat("2024-01-01T12:30+00:00")
    (item,) = documents.google_incidents(replay, "gemini", later, "npdyhgECDJ6tB66MxXyo")
    assert item["end"] == "2024-01-01T12:00:00+00:00"
    assert item["most_recent_update"]["status"] == "AVAILABLE"
    assert read(replay, "gemini", later) is State.OPERATIONAL


def test_ids_are_stable_and_look_like_the_platforms():
    assert documents.ulid("x") == documents.ulid("x") != documents.ulid("y")
    assert len(documents.ulid("x")) == 26 and documents.ulid("x").isupper()
    spec = replace(watched(scenario.load("chatgpt-nov-2024"), URL)[0])
    assert spec.probe is None and spec.url == f"{URL}/openai"
