from __future__ import annotations

from tests.conftest import NOW, load_fixture, make_spec
from trayapp import sources
from trayapp.core.aggregate import provider_status
from trayapp.core.model import State

CLAUDE = make_spec(
    "statuspage", "https://status.claude.com", components=("claude.ai", "Claude API", "Claude Code")
)


def read(name: str, spec=CLAUDE):
    return provider_status(spec, sources.read(spec, [load_fixture(f"statuspage/{name}")], NOW), NOW)


def test_healthy_page_is_operational_with_every_watched_component():
    status = read("healthy.json")
    assert status.state is State.OPERATIONAL
    assert [c.name for c in status.components] == [
        "claude.ai",
        "Claude API (api.anthropic.com)",
        "Claude Code",
    ]
    assert status.incidents == ()
    assert status.error is None


def test_incident_impact_beats_a_milder_page_indicator():
    # The real Claude page said indicator "minor" while its open incident was "major".
    status = read("degraded_trap.json", make_spec("statuspage"))
    assert status.state is State.PARTIAL_OUTAGE
    incident = status.incidents[0]
    assert incident.title == "Elevated errors on claude.ai"
    assert incident.impact is State.PARTIAL_OUTAGE
    assert incident.status == "identified"
    assert incident.url == "https://stspg.io/abc123"
    assert incident.started_at is not None and incident.started_at.hour == 13


def test_latest_update_is_the_newest_and_sanitised():
    status = read("degraded_trap.json")
    update = status.incidents[0].latest_update
    assert update == "We have identified the cause & are deploying a fix."


def test_critical_is_a_major_outage():
    status = read("outage.json")
    assert status.state is State.MAJOR_OUTAGE
    assert status.main_incident is not None
    assert status.main_incident.title == "Claude API unavailable"


def test_components_outside_the_scope_never_raise_the_state():
    status = read("out_of_scope.json")
    assert status.state is State.OPERATIONAL
    assert status.incidents == ()


def test_unscoped_provider_sees_the_whole_page():
    status = read("out_of_scope.json", make_spec("statuspage"))
    assert status.state is State.PARTIAL_OUTAGE
    assert len(status.incidents) == 1


def test_maintenance_in_progress_and_scheduled():
    status = read("maintenance.json")
    assert status.state is State.MAINTENANCE
    assert [(m.title, m.status) for m in status.maintenances] == [
        ("Database upgrade", "in_progress"),
        ("Network maintenance", "scheduled"),
    ]


def test_groups_name_children_and_can_be_watched_by_group_name():
    spec = make_spec("statuspage", components=("AI",))
    status = read("groups.json", spec)
    assert {(c.name, c.group) for c in status.components} == {("Copilot", "AI"), ("Models", "AI")}
    assert status.state is State.PARTIAL_OUTAGE
    copilot_only = read("groups.json", make_spec("statuspage", components=("Copilot",)))
    assert copilot_only.state is State.PARTIAL_OUTAGE
    actions_only = read("groups.json", make_spec("statuspage", components=("Actions",)))
    assert actions_only.state is State.OPERATIONAL


def test_a_watched_component_missing_from_the_page_is_reported():
    # Named by the user: unknown. A catalogue default: dropped, with a note (issue 7).
    spec = make_spec("statuspage", components=("claude.ai", "Claude Voice"), own_components=True)
    status = read("healthy.json", spec)
    assert status.state is State.UNKNOWN
    assert status.error == "not on the page: Claude Voice"
    default = read(
        "healthy.json", make_spec("statuspage", components=("claude.ai", "Claude Voice"))
    )
    assert default.state is State.OPERATIONAL
    assert default.notes == ("no longer on the page (ignored): Claude Voice",)
    nothing = read("healthy.json", make_spec("statuspage", components=("Nope",)))
    assert nothing.state is State.UNKNOWN
