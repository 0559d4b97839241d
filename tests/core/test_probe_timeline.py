"""The API probe on timelines: a silent page, the user's network down, flapping, the page late."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from trayapp.core.aggregate import build_snapshot
from trayapp.core.model import FailureKind, Incident, ProbeReading, ProviderStatus, State
from trayapp.core.notify_policy import Kind, Memory, Notification, Settings, decide
from trayapp.core.probe import advance, apply_probe

S = State
START = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
URL = "https://api.openai.com/v1/models"


@dataclass(frozen=True)
class Poll:
    page: State = S.OPERATIONAL
    probe_ok: bool = True
    network: bool = True  # did other hosts answer (False: the user's own network is down)


UP = Poll()
API_DOWN = Poll(probe_ok=False)
PAGE_SAYS = Poll(page=S.MAJOR_OUTAGE, probe_ok=False)
OFFLINE = Poll(page=S.UNKNOWN, probe_ok=False, network=False)


def page_status(poll: Poll, now: datetime) -> ProviderStatus:
    incidents = (
        (Incident("Elevated errors on the API", poll.page, "investigating"),)
        if poll.page.is_problem
        else ()
    )
    return ProviderStatus(
        id="openai",
        name="ChatGPT",
        state=poll.page,
        checked_at=now,
        status_page="https://status.openai.com",
        incidents=incidents,
        failure=None if poll.network else FailureKind.NETWORK,
    )


def run(
    timeline: list[Poll], every: timedelta = timedelta(seconds=60)
) -> tuple[list[tuple[int, Notification]], list[ProviderStatus]]:
    """One poll per entry, through the probe and the notification policy."""
    memory, reading = Memory(), ProbeReading(URL)
    sent: list[tuple[int, Notification]] = []
    shown: list[ProviderStatus] = []
    for index, poll in enumerate(timeline):
        now = START + index * every
        detail = "api.openai.com answered HTTP 200" if poll.probe_ok else "api.openai.com timed out"
        reading = advance(reading, poll.probe_ok, detail, poll.network, now)
        status = apply_probe(page_status(poll, now), reading)
        shown.append(status)
        memory, notes = decide(memory, build_snapshot([status], now), now, Settings())
        sent += [(index, n) for n in notes]
    return sent, shown


def test_page_silent_while_the_api_fails_gives_one_may_be_down():
    sent, shown = run([UP] * 3 + [API_DOWN] * 20)
    assert [(i, n.kind, n.title) for i, n in sent] == [
        # 3 failures make the doubt (poll 5), a second observation confirms it (poll 6)
        (6, Kind.OUTAGE, "ChatGPT API may be down — its status page has not said so yet")
    ]
    assert sent[0][1].message == (
        "api.openai.com timed out. Its status page still says it is operational."
    )
    assert [s.state for s in shown[3:6]] == [S.OPERATIONAL, S.OPERATIONAL, S.DEGRADED]
    doubted = shown[-1]
    assert doubted.unconfirmed and doubted.state is S.DEGRADED
    assert "API not answering — not yet on the status page" in doubted.notes
    assert doubted.probe is not None and doubted.probe.failing_since == START + timedelta(minutes=3)


def test_page_confirming_later_gives_no_second_outage_and_one_recovery():
    sent, shown = run([UP] * 2 + [API_DOWN] * 6 + [PAGE_SAYS] * 10 + [UP] * 3)
    assert [(i, n.kind, n.title) for i, n in sent] == [
        (5, Kind.OUTAGE, "ChatGPT API may be down — its status page has not said so yet"),
        # timed from the first confirmed doubt, as the user was told then
        (19, Kind.RECOVERY, "ChatGPT is back — down 14 min"),
    ]
    assert not shown[10].unconfirmed and shown[10].state is S.MAJOR_OUTAGE


def test_probe_recovering_before_the_page_says_anything_gives_one_quiet_recovery():
    sent, _ = run([UP] * 2 + [API_DOWN] * 6 + [UP] * 10)
    assert [(i, n.kind, n.title) for i, n in sent] == [
        (5, Kind.OUTAGE, "ChatGPT API may be down — its status page has not said so yet"),
        (9, Kind.RECOVERY, "ChatGPT API is answering again"),
    ]
    assert sent[1][1].message == "Its status page never reported a problem."


def test_the_users_network_down_raises_no_probe_alarm():
    sent, shown = run([UP] * 2 + [OFFLINE] * 30 + [UP] * 3)
    assert [n.kind for _, n in sent] == [Kind.UNREACHABLE]  # "check your network", not "API down"
    assert not any(s.unconfirmed for s in shown)


def test_network_down_between_failures_neither_counts_nor_resets():
    # 2 failures, the network drops, then 1 more failure: 3 in a row that count -> doubt.
    _, shown = run([UP, API_DOWN, API_DOWN, OFFLINE, OFFLINE, API_DOWN])
    assert [s.unconfirmed for s in shown] == [False, False, False, False, False, True]


def test_probe_flapping_stays_quiet():
    flapping = [API_DOWN, API_DOWN, UP] * 40 + [API_DOWN, API_DOWN, API_DOWN, UP] * 30
    sent, shown = run([UP] * 2 + flapping)
    assert sent == []
    assert sum(s.unconfirmed for s in shown) == 30  # shown on the icon, never confirmed


def test_page_already_reporting_is_not_doubled_by_the_probe():
    sent, shown = run([UP] * 2 + [PAGE_SAYS] * 8 + [UP] * 3)
    assert [(n.kind, n.title) for _, n in sent] == [
        (Kind.OUTAGE, "ChatGPT: major outage"),
        (Kind.RECOVERY, "ChatGPT is back — down 8 min"),
    ]
    assert not any(s.unconfirmed for s in shown)


def test_a_probe_never_makes_an_unknown_page_green():
    status = page_status(Poll(page=S.UNKNOWN), START)
    ok = ProbeReading(URL, ok=True, detail="answered")
    assert apply_probe(status, ok).state is S.UNKNOWN
