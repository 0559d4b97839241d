"""Per-provider loudness on timelines: every change, outages only, silent."""

from __future__ import annotations

from tests.core.test_notify_policy import run
from trayapp.core.loudness import LEVELS, LOUDNESS_KEYS, Loudness, label
from trayapp.core.model import State
from trayapp.core.notify_policy import Kind, Notification, Settings

S = State


def levels(**by_id: str) -> Settings:
    return Settings(loudness={pid: LEVELS[key] for pid, key in by_id.items()})


def kinds(sent: list[tuple[int, Notification]]) -> list[tuple[int, Kind, tuple[str, ...]]]:
    return [(i, n.kind, n.provider_ids) for i, n in sent]


# A degraded spell, then a partial outage, then back: what each level says of it.
SPELL = (
    [{"chatgpt": S.OPERATIONAL}] * 2
    + [{"chatgpt": S.DEGRADED}] * 3
    + [{"chatgpt": S.PARTIAL_OUTAGE}] * 3
    + [{"chatgpt": S.OPERATIONAL}] * 3
)


def test_every_change_is_the_default_and_tells_the_degradation_and_the_recovery():
    assert kinds(run(SPELL)) == kinds(run(SPELL, config=levels(chatgpt="all")))
    # (the escalation falls within the ten minutes between two notifications)
    assert kinds(run(SPELL)) == [(3, Kind.OUTAGE, ("chatgpt",)), (9, Kind.RECOVERY, ("chatgpt",))]


def test_outages_only_stays_quiet_while_degraded_and_speaks_at_the_outage():
    sent = run(SPELL, config=levels(chatgpt="outages"))
    assert kinds(sent) == [(6, Kind.OUTAGE, ("chatgpt",)), (9, Kind.RECOVERY, ("chatgpt",))]
    # The recovery is timed from the outage the user was told of, not the degradation before.
    assert "back" in sent[1][1].title


def test_outages_only_never_tells_a_degradation_that_passes():
    timeline = (
        [{"chatgpt": S.OPERATIONAL}] * 2
        + [{"chatgpt": S.DEGRADED}] * 4
        + [{"chatgpt": S.OPERATIONAL}] * 3
    )
    assert run(timeline, config=levels(chatgpt="outages")) == []


def test_silent_says_nothing_and_no_recovery_later():
    timeline = SPELL + [{"chatgpt": S.MAJOR_OUTAGE}] * 3 + [{"chatgpt": S.OPERATIONAL}] * 3
    assert run(timeline, config=levels(chatgpt="silent")) == []


def test_levels_apply_per_provider():
    timeline = [{"chatgpt": s, "claude": s} for s in [step["chatgpt"] for step in SPELL]]
    sent = run(timeline, config=levels(chatgpt="silent", claude="outages"))
    assert kinds(sent) == [(6, Kind.OUTAGE, ("claude",)), (9, Kind.RECOVERY, ("claude",))]


def test_thresholds_are_data():
    patient = Loudness(announce_from=S.DEGRADED, failure_threshold=4, send_on_resolved=False)
    timeline = (
        [{"chatgpt": S.OPERATIONAL}] * 2
        + [{"chatgpt": S.DEGRADED}] * 5
        + [{"chatgpt": S.OPERATIONAL}] * 3
    )
    sent = run(timeline, config=Settings(loudness={"chatgpt": patient}))
    # Four polls of a problem before it counts (not two); the recovery is not said.
    assert kinds(sent) == [(5, Kind.OUTAGE, ("chatgpt",))]
    assert kinds(run(timeline)) == [
        (3, Kind.OUTAGE, ("chatgpt",)),
        (8, Kind.RECOVERY, ("chatgpt",)),
    ]


def test_every_level_has_a_label():
    assert [label(key) for key in LOUDNESS_KEYS] == ["Every change", "Outages only", "Silent"]
