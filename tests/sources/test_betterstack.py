"""Better Stack index.json."""

from __future__ import annotations

from tests.conftest import make_spec
from tests.sources.reading import status_of
from trayapp.core.model import State


def test_betterstack_resolved_report_with_null_end_is_closed():
    status = status_of(make_spec("betterstack"), "betterstack/operational_resolved_trap.json")
    assert status.state is State.OPERATIONAL
    assert status.incidents == ()
    assert "Legacy" not in [c.name for c in status.components]  # not_monitored


def test_betterstack_downtime_with_latest_update():
    status = status_of(make_spec("betterstack"), "betterstack/downtime.json")
    assert status.state is State.MAJOR_OUTAGE
    incident = status.incidents[0]
    assert incident.title == "Inference API returning errors"
    assert incident.latest_update == "A fix is being deployed."
    assert incident.components == ("Inference API",)
    scoped = status_of(
        make_spec("betterstack", components=("Website",)), "betterstack/downtime.json"
    )
    assert scoped.state is State.OPERATIONAL
