"""What a probe's answer means, and how failures add up."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from trayapp.core.model import ProbeReading, ProviderStatus, State
from trayapp.core.probe import FAILURES_TO_DOUBT, advance, answer_ok, apply_probe, doubted

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
URL = "https://api.anthropic.com/v1/models"


@pytest.mark.parametrize(
    ("code", "ok"),
    [
        (200, True),
        (401, True),
        (403, True),
        (404, True),
        (405, True),
        (429, True),
        (500, False),
        (502, False),
        (503, False),
        (504, False),
        (529, False),
    ],
)
def test_any_answer_from_the_service_means_reachable_5xx_means_failing(code: int, ok: bool):
    assert answer_ok(code) is ok


def test_failures_count_only_while_other_hosts_answer():
    reading = ProbeReading(URL)
    reading = advance(reading, False, "timed out", others_answered=True, now=NOW)
    reading = advance(reading, False, "timed out", others_answered=False, now=NOW)
    assert reading.failures == 1 and reading.failing_since == NOW
    for minute in (1, 2):
        reading = advance(reading, False, "reset", True, NOW + timedelta(minutes=minute))
    assert reading.failures == FAILURES_TO_DOUBT and doubted(reading)
    assert reading.failing_since == NOW and reading.detail == "reset"
    healed = advance(reading, True, "answered HTTP 401", True, NOW + timedelta(minutes=3))
    assert healed == ProbeReading(URL, ok=True, detail="answered HTTP 401")
    assert not doubted(healed) and not doubted(None)


def status(state: State) -> ProviderStatus:
    return ProviderStatus("anthropic", "Claude", state, NOW, "https://status.claude.com")


def test_a_doubted_probe_turns_only_an_operational_page_degraded():
    failing = ProbeReading(URL, ok=False, detail="timed out", failing_since=NOW, failures=3)
    shown = apply_probe(status(State.OPERATIONAL), failing)
    assert (shown.state, shown.unconfirmed, shown.probe) == (State.DEGRADED, True, failing)
    assert shown.notes == ("API not answering — not yet on the status page",)
    assert shown.error == "API not answering — not yet on the status page (timed out)"
    with_remark = replace(status(State.OPERATIONAL), error="not on the page: Sora")
    assert apply_probe(with_remark, failing).error == (
        "not on the page: Sora; API not answering — not yet on the status page (timed out)"
    )
    for state in (State.MAJOR_OUTAGE, State.MAINTENANCE, State.UNKNOWN, State.DEGRADED):
        kept = apply_probe(status(state), failing)
        assert (kept.state, kept.unconfirmed, kept.probe) == (state, False, failing)
    assert apply_probe(status(State.OPERATIONAL), None) == status(State.OPERATIONAL)
    two = ProbeReading(URL, ok=False, detail="timed out", failing_since=NOW, failures=2)
    assert apply_probe(status(State.OPERATIONAL), two).state is State.OPERATIONAL
