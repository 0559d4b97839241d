"""Quick confirmation, the pure part: which providers to ask again soon, and when.

A change seen on one poll is not news until a second observation agrees (the notification
policy needs two). Instead of waiting a whole interval for that second look, the provider whose
state (or probe) changed is asked again after about ``DELAY``: at a 60 s interval the outage
notification then arrives within ~80 s of the page changing, not ~120 s.

Bounded by design: a poll that was itself a confirmation never schedules another one (so a
flapping page costs at most one extra request per regular poll), nothing is asked before the
server's Retry-After or the backoff allows, and nothing is scheduled that the next regular
poll would do as soon.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import datetime, timedelta

from trayapp.core.model import ProviderStatus, Snapshot

DELAY = timedelta(seconds=15)
SPREAD = 0.2  # ± this share of the delay, so many clients do not return in step
# Not worth it when the regular poll is this close behind the confirmation.
MARGIN = timedelta(seconds=5)
# Shorter intervals (loopback tests) scale both down: the look comes after a quarter of it.
DELAY_SHARE = 0.25
MARGIN_SHARE = 1 / 12


def changed(before: ProviderStatus | None, after: ProviderStatus) -> bool:
    """True when ``after`` tells something new that a second look should confirm."""
    if before is None or not after.state.is_known:
        return False  # the first reading is taken as is; "unknown" is never confirmed
    probe_before = before.probe.ok if before.probe else None
    probe_after = after.probe.ok if after.probe else None
    probe_flipped = probe_after is not None and probe_after != probe_before
    return (
        after.state is not before.state or after.unconfirmed != before.unconfirmed or probe_flipped
    )


def due_confirmations(
    previous: Snapshot | None,
    current: Snapshot,
    now: datetime,
    next_poll: datetime,
    *,
    confirming: Collection[str] = (),
    not_before: Mapping[str, datetime] | None = None,
    jitter: float = 0.5,
) -> dict[str, datetime]:
    """Provider id -> when to ask it again, for each provider that changed in ``current``.

    ``confirming`` holds the ids ``current`` was itself a confirmation for; ``not_before`` the
    earliest time each provider may be asked (Retry-After, backoff); ``jitter`` is a number in
    [0, 1] from the caller's random source (this module reads no clock and no randomness).
    """
    if previous is None:
        return {}
    observed = current.observed
    waits = not_before or {}
    span = next_poll - now
    delay = min(DELAY, span * DELAY_SHARE)
    margin = min(MARGIN, span * MARGIN_SHARE)
    offset = delay * (1 + SPREAD * (2 * min(max(jitter, 0.0), 1.0) - 1))
    due: dict[str, datetime] = {}
    for status in current.providers:
        if status.id in confirming or (observed is not None and status.id not in observed):
            continue
        if not changed(previous.provider(status.id), status):
            continue
        when = now + offset
        earliest = waits.get(status.id)
        if earliest is not None and earliest > when:
            when = earliest
        if when < next_poll - margin:
            due[status.id] = when
    return due
