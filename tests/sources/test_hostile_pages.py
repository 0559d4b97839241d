"""Pages built to hurt: catastrophic regex inputs, absurd dates, endless lists (issue 7)."""

from __future__ import annotations

import json
import time
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from tests.conftest import NOW, make_spec
from trayapp.core.aggregate import build_snapshot, provider_status
from trayapp.core.model import State
from trayapp.sources import feed, incidentio, statuspage
from trayapp.sources._parse import parse_time
from trayapp.views import details, menu_model, report


def rss(title: str, description: str) -> ET.Element:
    item = ET.Element("item")
    ET.SubElement(item, "title").text = title
    ET.SubElement(item, "description").text = description
    ET.SubElement(item, "pubDate").text = "Fri, 20 Nov 2026 14:00:00 GMT"
    root = ET.Element("rss")
    ET.SubElement(root, "channel").append(item)
    return root


@pytest.mark.parametrize(
    ("title", "description"),
    [
        ("x", "<strong>" + " " * 6000 + "a" * 10),  # <strong> and spaces: cubic before
        ("x", "<strong> " * 2000),
        ("x", "<small>" * 110_000),  # 760 KB of <small>: quadratic before
        ("‹" * 300_000, "update"),
        ("<" * 300_000, "<" * 300_000),
        (" " * 100_000 + "x", "[" + " " * 100_000),
    ],
    ids=["strong-spaces", "many-strong", "small", "lsaquo-title", "lt", "leading-spaces"],
)
def test_feed_patterns_are_fast_on_hostile_entries(title: str, description: str):
    spec = make_spec("feed")
    started = time.perf_counter()
    reading = feed.parse(spec, [rss(title, description)], NOW)
    assert time.perf_counter() - started < 2.0  # minutes before; milliseconds now
    (incident,) = reading.incidents
    assert len(incident.title) <= 200 and len(incident.latest_update) <= 500


@pytest.mark.parametrize(
    ("description", "word"),
    [
        ("<p><strong>Resolved</strong> - fixed</p>", None),  # closed: no incident
        ("<p><strong>  Investigating  </strong> - looking</p>", "investigating"),
        ("Monitoring - a fix is out", "monitoring"),
        ("[Identified]: the cause", "identified"),
    ],
)
def test_feed_status_words_still_read(description: str, word: str | None):
    reading = feed.parse(make_spec("feed"), [rss("Errors", description)], NOW)
    assert [i.status for i in reading.incidents] == ([word] if word else [])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-20T14:00:00Z", datetime(2026, 11, 20, 14, tzinfo=UTC)),
        ("9999-12-31T23:59:59-12:00", None),
        ("9999-12-31T23:59:59Z", None),
        ("0001-01-01T00:00:00+14:00", None),
        ("1970-01-01T00:00:00Z", None),
        ("Fri, 31 Dec 9999 23:59:59 GMT", None),
    ],
)
def test_dates_outside_a_sane_window_are_unknown_time(text: str, expected):
    assert parse_time(text) == expected


def test_a_year_9999_incident_does_not_crash_the_table_menu_or_details():
    page = {
        "page": {"updated_at": "9999-12-31T23:59:59Z"},
        "status": {"indicator": "major", "description": "Major"},
        "components": [],
        "incidents": [
            {
                "name": "Doomsday",
                "status": "investigating",
                "impact": "critical",
                "created_at": "9999-12-31T23:59:59-12:00",
                "started_at": "9999-12-31T23:59:59-12:00",
                "incident_updates": [],
                "components": [],
            }
        ],
        "scheduled_maintenances": [
            {
                "name": "Forever",
                "status": "scheduled",
                "scheduled_for": "9999-12-31T00:00:00Z",
                "scheduled_until": "9999-12-31T23:59:59Z",
                "components": [],
            }
        ],
    }
    page = json.loads(json.dumps(page))
    spec = make_spec("statuspage", chat_url="https://chat.example")
    status = provider_status(spec, statuspage.parse(spec, [page], NOW), NOW)
    snapshot = build_snapshot([status], NOW)
    now = NOW.astimezone(ZoneInfo("Pacific/Kiritimati"))
    assert "Doomsday" in report.table(snapshot, now)
    entries = menu_model.build(snapshot, menu_model.MenuState(), now)
    assert "Doomsday" in str(entries)
    assert "Doomsday" in details.render(snapshot, now)
    assert status.incidents[0].started_at is None


def test_thousands_of_components_and_incidents_are_capped_but_all_counted():
    components = [
        {"id": f"c{i}", "name": f"Component {i}", "status": "operational"} for i in range(15_000)
    ]
    components[-1]["status"] = "major_outage"
    incidents = [
        {
            "name": f"Incident {i}",
            "status": "investigating",
            "impact": "minor",
            "created_at": "2026-11-20T14:00:00Z",
            "incident_updates": [],
            "components": [{"id": f"c{i}", "name": f"Component {i}"}],
        }
        for i in range(15_000)
    ]
    page = {
        "page": {},
        "status": {"indicator": "major"},
        "components": components,
        "incidents": incidents,
        "scheduled_maintenances": [],
    }
    # Scoped to many components: the scope matching was quadratic (> 15 s).
    watched = (*(f"Component {i}" for i in range(0, 15_000, 7)), "Component 14999")
    spec = make_spec("statuspage", components=watched, own_components=True)
    started = time.perf_counter()
    status = provider_status(spec, statuspage.parse(spec, [page], NOW), NOW)
    assert time.perf_counter() - started < 5.0
    # Every component and incident counted; only what is shown is capped.
    assert status.state is State.MAJOR_OUTAGE
    assert len(status.components) == 60 and len(status.incidents) == 20
    assert status.components[0].name == "Component 14999"  # problems shown first
    assert any(n.startswith("…and ") and n.endswith(" more incidents") for n in status.notes)
    entries = menu_model.build(build_snapshot([status], NOW), menu_model.MenuState(), NOW)
    assert sum(1 + len(e.children or ()) for e in entries) < 200  # 10,305 entries before
    # 2,144 watched: the submenu lists 15 and says once how many it did not (two lines before,
    # the menu's "…and 45 more" of the 60 kept and the core's "…and 2,084 more components"),
    # and once how many incidents it left out, opening the details.
    (provider,) = (e for e in entries if e.children and e.text.startswith("✖"))
    assert len(provider.children) <= 50
    more = [c for c in provider.children if c.text.startswith("…and ")]
    assert [m.text for m in more] == ["…and 2,129 more", "…and 2,124 more (Show details…)"]
    assert {m.action for m in more} == {menu_model.Action("details", status.id)}


def test_the_menu_lists_a_bounded_number_of_providers():
    statuses = [
        provider_status(
            make_spec("statuspage", id=f"p{i}"),
            statuspage.parse(
                make_spec("statuspage"),
                [
                    {
                        "page": {},
                        "status": {"indicator": "none"},
                        "components": [],
                        "incidents": [],
                        "scheduled_maintenances": [],
                    }
                ],
                NOW,
            ),
            NOW,
        )
        for i in range(1200)
    ]
    entries = menu_model.build(build_snapshot(statuses, NOW), menu_model.MenuState(), NOW)
    assert len(entries) < 60
    assert "…and 1,160 more (Show details…)" in str(entries)


def test_incidentio_paths_are_built_from_the_host_without_credentials():
    spec = make_spec("incidentio", url="https://bob:s3cret@status.example.com")
    urls = [e.url for e in incidentio.endpoints(spec)]
    assert urls[1] == "https://bob:s3cret@status.example.com/proxy/status.example.com"
