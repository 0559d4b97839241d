"""Instatus, on its fixtures and traps."""

from __future__ import annotations

from tests.conftest import make_spec
from tests.sources.reading import status_of
from trayapp.core.model import State
from trayapp.sources import instatus


def test_instatus_up_with_omitted_arrays():
    status = status_of(make_spec("instatus"), "instatus/up.json")
    assert status.state is State.OPERATIONAL
    assert status.incidents == () and status.maintenances == ()


def test_instatus_incident_impact_and_maintenance():
    down = status_of(make_spec("instatus"), "instatus/hasissues.json")
    assert down.state is State.MAJOR_OUTAGE
    assert down.incidents[0].title == "API errors"
    assert down.incidents[0].status == "investigating"
    maint = status_of(make_spec("instatus"), "instatus/maintenance.json")
    assert maint.state is State.MAINTENANCE
    assert maint.maintenances[0].in_progress


def test_instatus_components_fetched_only_when_watched():
    assert len(instatus.endpoints(make_spec("instatus"))) == 1
    spec = make_spec("instatus", components=("API",))
    assert [e.url for e in instatus.endpoints(spec)][1].endswith("/v3/components.json")
    status = status_of(spec, "instatus/up.json", "instatus/components.json")
    assert status.state is State.PARTIAL_OUTAGE
    assert status.components[0].group == "Platform"
