"""The notification policy, on timelines: real outages, flapping pages, lost pages."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from trayapp.core.aggregate import build_snapshot
from trayapp.core.model import FailureKind, Incident, ProviderStatus, State
from trayapp.core.notify_policy import Kind, Memory, Notification, Settings, decide

S = State
START = datetime(2024, 12, 11, 23, 0, tzinfo=UTC)  # the Dec 11-12 2024 OpenAI outage, UTC
NAMES = {
    "chatgpt": "ChatGPT",
    "api": "OpenAI API",
    "sora": "Sora",
    "claude": "Claude",
    "gemini": "Gemini",
}


def status(pid: str, state: State, title: str | None = None) -> ProviderStatus:
    incidents = (
        (Incident(title or f"{NAMES[pid]} errors", state, "investigating"),)
        if state.is_problem
        else ()
    )
    return ProviderStatus(
        id=pid,
        name=NAMES[pid],
        state=state,
        checked_at=START,
        status_page=f"https://status.example/{pid}",
        chat_url=f"https://chat.example/{pid}",
        incidents=incidents,
        failure=FailureKind.NETWORK if state is S.UNKNOWN else None,
    )


def run(
    timeline: list[dict[str, State]],
    every: timedelta = timedelta(minutes=1),
    config: Settings | None = None,
) -> list[tuple[int, Notification]]:
    """Feed one poll per entry; returns (poll index, notification) pairs."""
    memory, sent = Memory(), []
    for index, states in enumerate(timeline):
        now = START + index * every
        snapshot = build_snapshot(
            [replace(status(p, s), checked_at=now) for p, s in states.items()], now
        )
        memory, notes = decide(memory, snapshot, now, config or Settings())
        sent += [(index, n) for n in notes]
    return sent


def repeat(states: dict[str, State], times: int) -> list[dict[str, State]]:
    return [dict(states) for _ in range(times)]


def test_dec_2024_openai_outage():
    up = {
        "chatgpt": S.OPERATIONAL,
        "api": S.OPERATIONAL,
        "sora": S.OPERATIONAL,
        "claude": S.OPERATIONAL,
    }
    timeline = repeat(up, 5)
    # 23:16 UTC: ChatGPT, API and Sora down in the same poll.
    timeline += repeat(
        {**up, "chatgpt": S.MAJOR_OUTAGE, "api": S.MAJOR_OUTAGE, "sora": S.MAJOR_OUTAGE}, 180
    )
    # ChatGPT back first; the API stays unstable for hours: degraded, operational, degraded...
    unstable = [S.DEGRADED, S.DEGRADED, S.DEGRADED, S.OPERATIONAL] * 60
    timeline += [
        {**up, "api": unstable[i], "sora": S.MAJOR_OUTAGE if i < 30 else S.OPERATIONAL}
        for i in range(240)
    ]
    timeline += repeat(up, 10)

    sent = run(timeline)
    # One grouped notification at the second poll that saw the three down; ChatGPT's and Sora's
    # recoveries with how long they lasted; the API's one-poll "recoveries" never confirm and
    # its de-escalation to degraded is quiet, so its hours of instability cost one message.
    assert [(i, n.kind, n.title) for i, n in sent] == [
        (6, Kind.OUTAGE, "3 AI services are down"),
        (186, Kind.RECOVERY, "ChatGPT is back — down 3 h"),
        (216, Kind.RECOVERY, "Sora is back — down 3 h 30 min"),
        (425, Kind.RECOVERY, "OpenAI API is back — down 6 h 59 min"),
    ]
    assert (
        sent[0][1].message
        == "ChatGPT (major outage), OpenAI API (major outage), Sora (major outage)"
    )


def test_a_page_flapping_every_poll_is_never_announced():
    timeline = [{"claude": S.OPERATIONAL}] * 3
    timeline += [{"claude": S.MAJOR_OUTAGE if i % 2 else S.OPERATIONAL} for i in range(120)]
    assert run(timeline) == []


def test_flapping_in_pairs_gives_at_most_one_outage_and_one_relapse_per_ten_minutes():
    pattern = [S.MAJOR_OUTAGE, S.MAJOR_OUTAGE, S.OPERATIONAL, S.OPERATIONAL]
    timeline = [{"claude": S.OPERATIONAL}] + [{"claude": pattern[i % 4]} for i in range(120)]
    sent = run(timeline)
    firsts = [i for i, n in sent if n.kind is Kind.OUTAGE and "down again" not in n.title]
    assert firsts and all(b - a >= 10 for a, b in pairwise(firsts))
    outages = [i for i, n in sent if n.kind is Kind.OUTAGE]
    assert all(c - a >= 10 for a, c in zip(outages, outages[2:], strict=False))
    recoveries = [n for _, n in sent if n.kind is Kind.RECOVERY]
    assert len(recoveries) == len(outages)


def test_a_relapse_soon_after_a_recovery_is_announced_inside_the_gap():
    up, down = {"claude": S.OPERATIONAL}, {"claude": S.MAJOR_OUTAGE}
    sent = run([up, up, down, down, up, up, down, down, down])
    assert [(i, n.title) for i, n in sent] == [
        (3, "Claude: major outage"),
        (5, "Claude is back — down 2 min"),
        (7, "Claude is down again: major outage"),
    ]


def test_three_providers_down_in_one_poll_give_one_grouped_notification():
    up = {"chatgpt": S.OPERATIONAL, "claude": S.OPERATIONAL, "gemini": S.OPERATIONAL}
    down = {"chatgpt": S.MAJOR_OUTAGE, "claude": S.PARTIAL_OUTAGE, "gemini": S.DEGRADED}
    sent = run([up, up, down, down, down, up, up])
    assert [(i, n.kind, n.title) for i, n in sent] == [
        (3, Kind.OUTAGE, "3 AI services are down"),
        (6, Kind.RECOVERY, "3 AI services are back"),
    ]
    assert sent[0][1].provider_ids == ("chatgpt", "claude", "gemini")


def test_two_providers_down_are_announced_separately_with_alternatives():
    up = {"chatgpt": S.OPERATIONAL, "claude": S.OPERATIONAL, "gemini": S.OPERATIONAL}
    down = {**up, "chatgpt": S.MAJOR_OUTAGE, "claude": S.DEGRADED}
    sent = run([up, down, down])
    assert [n.title for _, n in sent] == ["ChatGPT: major outage", "Claude: degraded"]
    assert sent[0][1].message == "ChatGPT errors (investigating). Meanwhile: Gemini"


def test_unreachable_mid_incident_then_back_resolved():
    timeline = [{"chatgpt": S.OPERATIONAL, "claude": S.OPERATIONAL}] * 2
    timeline += [{"chatgpt": S.MAJOR_OUTAGE, "claude": S.OPERATIONAL}] * 10
    timeline += [{"chatgpt": S.UNKNOWN, "claude": S.OPERATIONAL}] * 30
    timeline += [{"chatgpt": S.OPERATIONAL, "claude": S.OPERATIONAL}] * 3
    sent = run(timeline)
    assert [(n.kind, n.title) for _, n in sent] == [
        (Kind.OUTAGE, "ChatGPT: major outage"),
        (Kind.RECOVERY, "ChatGPT is back — down 40 min"),
    ]


def test_unknown_is_never_an_outage_and_everything_unreadable_is_said_once():
    timeline = (
        [{"chatgpt": S.OPERATIONAL}] * 2
        + [{"chatgpt": S.UNKNOWN}] * 30
        + [{"chatgpt": S.OPERATIONAL}] * 5
    )
    sent = run(timeline)
    assert [(i, n.kind, n.title) for i, n in sent] == [
        (7, Kind.UNREACHABLE, "Can't reach status pages")
    ]
    assert "check your network" in sent[0][1].message


def test_maintenance_and_milder_states_are_quiet():
    timeline = [
        {"claude": s} for s in [S.OPERATIONAL] * 2 + [S.MAINTENANCE] * 5 + [S.OPERATIONAL] * 3
    ]
    assert run(timeline) == []


def test_escalation_is_announced():
    timeline = (
        [{"claude": S.OPERATIONAL}]
        + [{"claude": S.DEGRADED}] * 2
        + [{"claude": S.MAJOR_OUTAGE}] * 2
    )
    sent = run(timeline, every=timedelta(minutes=11))
    assert [n.title for _, n in sent] == ["Claude: degraded", "Claude got worse: major outage"]


def test_mute_and_pause_are_honoured_and_no_orphan_recovery_follows():
    timeline = (
        [{"claude": S.OPERATIONAL}]
        + [{"claude": S.MAJOR_OUTAGE}] * 3
        + [{"claude": S.OPERATIONAL}] * 3
    )
    assert run(timeline, config=Settings(muted=frozenset({"claude"}))) == []
    paused = Settings(paused_until=START + timedelta(hours=1))
    assert run(timeline, config=paused) == []
    assert run(timeline, config=Settings(enabled=False)) == []


def test_text_is_sanitised_and_cut_to_platform_limits():
    memory = Memory()
    long_title = "<b>Elevated</b>\x07 errors " + "on every model " * 40
    for minute in range(3):
        now = START + timedelta(minutes=minute)
        state = S.OPERATIONAL if minute == 0 else S.MAJOR_OUTAGE
        snap = build_snapshot([status("claude", state, long_title)], now)
        memory, notes = decide(memory, snap, now, Settings())
    (note,) = notes
    assert len(note.title) <= 64 and len(note.message) <= 256
    assert "<b>" not in note.message and "\x07" not in note.message
    assert note.message.startswith("Elevated errors on every model")


states = st.sampled_from(list(State))


@settings(max_examples=200)
@given(
    st.lists(
        st.dictionaries(
            st.sampled_from(["chatgpt", "claude", "gemini", "sora"]), states, min_size=1
        ),
        max_size=60,
    )
)
def test_properties_over_random_timelines(timeline):
    sent = run(timeline)
    for index, note in sent:
        assert len(note.title) <= 64 and len(note.message) <= 256
        # Nothing announced about a provider in a poll where it was unknown.
        for pid in note.provider_ids:
            assert timeline[index][pid].is_known
    per_provider: dict[str, list[int]] = {}
    recovered: dict[str, list[int]] = {}
    for index, note in sent:
        kept = per_provider if note.kind in (Kind.OUTAGE, Kind.ESCALATION) else recovered
        if note.kind is not Kind.UNREACHABLE:
            for pid in note.provider_ids:
                kept.setdefault(pid, []).append(index)
    # One outage per provider per 10 minutes, except a relapse after an announced recovery (the
    # user was told it is back: staying quiet would leave that all-clear standing), at most one
    # such relapse per window.
    for pid, times in per_provider.items():
        for a, b in pairwise(times):
            if b - a < 10:
                assert any(a < r < b for r in recovered.get(pid, [])), (pid, a, b)
        assert all(c - a >= 10 for a, _, c in zip(times, times[1:], times[2:], strict=False))
