"""The controller with API probes: the icon's "unconfirmed" marker and the "may be down" note."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from tests.desktop.test_controller import make, snapshot, status
from trayapp.core.model import State
from trayapp.core.notify_policy import Kind
from trayapp.desktop.controller import IconLook


def test_a_problem_only_the_probe_sees_is_marked_unconfirmed_and_said_once():
    controller, desktop, clock = make()
    controller.on_snapshot(snapshot(status(State.OPERATIONAL), at=clock.now), True)
    doubted = replace(status(State.DEGRADED), unconfirmed=True)
    for _ in range(3):
        clock.now += timedelta(seconds=15)
        controller.on_snapshot(snapshot(doubted, at=clock.now), True)
    assert desktop.named("set_icon")[-1] == IconLook(State.DEGRADED, unconfirmed=True)
    notes = [item.note for item in desktop.named("notify")]
    assert [(n.kind, n.title) for n in notes] == [
        (Kind.OUTAGE, "Claude API may be down — its status page has not said so yet")
    ]
    # The page catches up: the marker goes, no second notification.
    clock.now += timedelta(minutes=1)
    controller.on_snapshot(snapshot(status(State.MAJOR_OUTAGE), at=clock.now), True)
    controller.on_snapshot(snapshot(status(State.MAJOR_OUTAGE), at=clock.now), True)
    assert desktop.named("set_icon")[-1] == IconLook(State.MAJOR_OUTAGE)
    assert len(desktop.named("notify")) == 1


def test_no_marker_when_a_page_reports_the_same_state():
    controller, desktop, clock = make()
    doubted = replace(status(State.DEGRADED), unconfirmed=True)
    confirmed = status(State.DEGRADED, "openai", "ChatGPT")
    controller.on_snapshot(snapshot(doubted, confirmed, at=clock.now), True)
    assert desktop.named("set_icon")[-1] == IconLook(State.DEGRADED)
