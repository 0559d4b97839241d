"""When to notify: a pure function of (memory, snapshot, time, settings) -> (memory, notifications).

Quiet by design:
- a new state must be seen on a few consecutive polls before it counts (the provider's
  loudness says how many, from which state a problem is announced and whether its end is:
  ``core/loudness.py``, Gatus-style thresholds as data);
- the first state seen after start is taken silently (the icon already shows it);
- "unknown" is never a state in a transition: it neither confirms nor breaks one, so a page that
  goes unreachable mid-incident and comes back resolved yields one recovery, and a page that just
  goes unreachable yields no outage;
- at most one notification per provider per ``min_gap``, except recoveries; an outage held back
  by that limit is announced once the window has passed if it still holds; but a relapse soon
  after an announced recovery is told at once ("Claude is down again"), once per window, or the
  user would believe the "back" that is no longer true;
- a recovery is announced only for an outage the user was told about;
- three or more providers going down (or coming back) in one poll give one grouped notification;
- maintenance is never notified; muted providers and a global pause are tracked silently;
- "Can't reach status pages" once per episode, after nothing has been readable for a while,
  saying why (offline, bot checks, timeouts...); a single unknown provider is shown, not told;
- a problem only the API probe sees (``status.unconfirmed``) gives one "may be down"; when the
  page later reports it, nothing more is said; if the probe recovers first, one quiet recovery;
- a snapshot from a quick look at a few providers (``snapshot.observed``) counts for those only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, time, timedelta
from enum import Enum

from trayapp.core.i18n import _, ngettext
from trayapp.core.incident_words import incident_status
from trayapp.core.loudness import DEFAULT_LOUDNESS, LEVELS, Loudness
from trayapp.core.model import ProviderStatus, Reason, Snapshot, State
from trayapp.core.probe import answering_again, may_be_down
from trayapp.core.reasons import common, state_label
from trayapp.core.text import clean_text, cut
from trayapp.core.timefmt import duration

TITLE_LIMIT = 64  # Windows' limit, applied everywhere so text looks the same on every desktop
MESSAGE_LIMIT = 256


class Kind(Enum):
    OUTAGE = "outage"
    ESCALATION = "escalation"
    RECOVERY = "recovery"
    UNREACHABLE = "unreachable"


@dataclass(frozen=True)
class Notification:
    kind: Kind
    title: str
    message: str
    provider_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class Settings:
    enabled: bool = True
    muted: frozenset[str] = frozenset()
    paused_until: datetime | None = None
    loudness: Mapping[str, Loudness] = field(default_factory=dict)  # by provider id
    min_gap: timedelta = timedelta(minutes=10)
    group_at: int = 3
    unreachable_after: timedelta = timedelta(minutes=5)

    def silent_for(self, provider_id: str, now: datetime) -> bool:
        paused = self.paused_until is not None and now < self.paused_until
        silent = self.level_for(provider_id).announce_from is None
        return not self.enabled or paused or silent or provider_id in self.muted

    def level_for(self, provider_id: str) -> Loudness:
        return self.loudness.get(provider_id) or LEVELS[DEFAULT_LOUDNESS]


PAUSE_CHOICES = ("1h", "tomorrow")


def pause_end(choice: str, now: datetime) -> datetime:
    """When a pause chosen at ``now`` (aware, in the user's zone) ends.

    "1h" is an hour of real time (counted in UTC, so a DST change does not add or drop one);
    "tomorrow" is 08:00 on the user's next calendar day, with that day's UTC offset.
    """
    if choice == "1h":
        return (now.astimezone(UTC) + timedelta(hours=1)).astimezone(now.tzinfo)
    if choice == "tomorrow":
        return datetime.combine(now.date() + timedelta(days=1), time(8), tzinfo=now.tzinfo)
    raise ValueError(f"unknown pause choice {choice!r}; expected one of {PAUSE_CHOICES}")


@dataclass(frozen=True)
class ProviderMemory:
    announced: State  # what the user was last told (or saw at start)
    candidate: State | None = None  # a different state being confirmed
    candidate_count: int = 0
    candidate_since: datetime | None = None
    down_since: datetime | None = None  # set while an announced problem lasts
    worst: State | None = None  # the worst announced since down_since: "down" or "degraded"
    last_notified: float | None = None  # monotonic; outages and escalations only
    recovered_at: float | None = None  # monotonic; when a recovery was last announced
    relapse_told: bool = False  # a relapse already broke the current min_gap window
    suspected: bool = False  # told "may be down" on the API probe's word; the page not yet


@dataclass(frozen=True)
class Memory:
    providers: dict[str, ProviderMemory] = field(default_factory=dict)
    unreadable_since: float | None = None  # monotonic
    unreadable_told: bool = False


@dataclass
class _Change:
    kind: Kind
    status: ProviderStatus
    lasted: timedelta | None = None
    degraded_only: bool = False  # a recovery from a spell that never reached an outage
    suspected: bool = False  # a recovery from a "may be down" the page never confirmed
    relapse: bool = False


def decide(
    memory: Memory,
    snapshot: Snapshot,
    now: datetime,
    settings: Settings,
    monotonic: float | None = None,
) -> tuple[Memory, list[Notification]]:
    """Advance the memory by one poll and return what to announce.

    ``now`` (wall time) dates what is said and ends pauses; ``monotonic`` (seconds on a clock
    that never steps) measures the gaps between notifications, so a clock set back an hour
    cannot hold an outage back. Without it, wall time stands in.
    """
    mono = now.timestamp() if monotonic is None else monotonic
    providers = dict(memory.providers)
    changes: list[_Change] = []
    for status in snapshot.providers:
        if snapshot.observed is not None and status.id not in snapshot.observed:
            continue  # not asked again this time: seeing it twice is not two observations
        before = providers.get(status.id)
        after, change = _step(before, status, now, mono, settings)
        if after is not None:
            providers[status.id] = after
        if change is not None:
            changes.append(change)

    # What only the API probe saw is said on its own, in its own words, never grouped.
    probed = [_unconfirmed(c) for c in changes if c.suspected or c.status.unconfirmed]
    paged = [c for c in changes if not (c.suspected or c.status.unconfirmed)]
    notes = probed + _compose(paged, settings.group_at)
    new_memory, unreachable = _unreachable(memory, snapshot, now, mono, settings)
    return replace(new_memory, providers=providers), notes + unreachable


def _step(
    before: ProviderMemory | None,
    status: ProviderStatus,
    now: datetime,
    mono: float,
    settings: Settings,
) -> tuple[ProviderMemory | None, _Change | None]:
    state = status.state
    if not state.is_known:
        return before, None
    level = settings.level_for(status.id)
    if before is None:
        # Taken silently: the icon already shows it. A recovery from an outage that was under way
        # at start is still worth a word, timed from the incident's own start when known.
        incident = status.main_incident
        started = incident.started_at if incident and incident.started_at else now
        loud = level.loud(state)
        return ProviderMemory(
            announced=state, down_since=started if loud else None, worst=state if loud else None
        ), None
    if state is before.announced:
        settled = replace(before, candidate=None, candidate_count=0, candidate_since=None)
        return _page_caught_up(settled, status), None

    if state is before.candidate:
        mem = replace(before, candidate_count=before.candidate_count + 1)
    else:
        mem = replace(before, candidate=state, candidate_count=1, candidate_since=now)
    if mem.candidate_count < level.threshold(state):
        return mem, None

    since = mem.candidate_since or now
    confirmed = replace(
        mem, announced=state, candidate=None, candidate_count=0, candidate_since=None
    )
    old = before.announced
    silent = settings.silent_for(status.id, now)

    if level.loud(state) and not level.loud(old):
        kind = Kind.OUTAGE
    elif level.loud(state) and state.severity > old.severity:
        kind = Kind.ESCALATION
    elif old.is_problem and not state.is_problem:
        kind = Kind.RECOVERY
    else:
        # Milder problem, or between operational and maintenance: taken quietly.
        return confirmed, None

    if kind is Kind.RECOVERY:
        told = before.down_since is not None
        lasted = since - before.down_since if before.down_since else None
        recovered = replace(confirmed, down_since=None, worst=None, suspected=False)
        if silent or not told or not level.send_on_resolved:
            return recovered, None
        worst = before.worst or old
        degraded_only = worst.severity < State.PARTIAL_OUTAGE.severity
        change = _Change(kind, status, lasted, degraded_only, suspected=before.suspected)
        return replace(recovered, recovered_at=mono), change
    if before.suspected and not status.unconfirmed:
        # The page now says what the probe told first: the user already knows.
        return _page_caught_up(replace(confirmed, worst=_worse(before.worst, state)), status), None

    if silent:
        # Tracked, so a later recovery is not announced for an outage nobody was told of.
        return replace(confirmed, down_since=None, worst=None), None
    gap = settings.min_gap.total_seconds()
    in_gap = before.last_notified is not None and 0 <= mono - before.last_notified < gap
    relapse = (
        kind is Kind.OUTAGE
        and before.recovered_at is not None
        and 0 <= mono - before.recovered_at < gap
    )
    if in_gap and not (relapse and not before.relapse_told):
        return mem, None  # held back; confirmed again on the next poll once the gap has passed
    down_since = before.down_since or since
    return (
        replace(
            confirmed,
            down_since=down_since,
            worst=_worse(before.worst, state),
            last_notified=mono,
            recovered_at=None,
            relapse_told=in_gap,
            suspected=status.unconfirmed,
        ),
        _Change(kind, status, relapse=relapse),
    )


def _worse(worst: State | None, state: State) -> State:
    return state if worst is None or state.severity > worst.severity else worst


def _page_caught_up(memory: ProviderMemory, status: ProviderStatus) -> ProviderMemory:
    """A "may be down" is settled once the page itself reports a problem."""
    if memory.suspected and status.state.is_problem and not status.unconfirmed:
        return replace(memory, suspected=False)
    return memory


def _compose(changes: list[_Change], group_at: int) -> list[Notification]:
    notes: list[Notification] = []
    downs = [c for c in changes if c.kind in (Kind.OUTAGE, Kind.ESCALATION)]
    ups = [c for c in changes if c.kind is Kind.RECOVERY]
    if len(downs) >= group_at:
        names = ", ".join(f"{c.status.name} ({c.status.state.label})" for c in downs)
        title = ngettext(
            "{count} AI service is down", "{count} AI services are down", len(downs)
        ).format(count=len(downs))
        notes.append(_note(Kind.OUTAGE, title, names, downs))
    else:
        notes += [_single(c) for c in downs]
    if len(ups) >= group_at:
        names = ", ".join(c.status.name for c in ups)
        title = ngettext(
            "{count} AI service is back", "{count} AI services are back", len(ups)
        ).format(count=len(ups))
        notes.append(_note(Kind.RECOVERY, title, names, ups))
    else:
        notes += [_single(c) for c in ups]
    return notes


def _single(change: _Change) -> Notification:
    status = change.status
    name = status.name
    if change.kind is Kind.RECOVERY:
        if change.lasted is not None and change.degraded_only:
            title = _("{name} is back — degraded for {duration}").format(
                name=name, duration=duration(change.lasted)
            )
        elif change.lasted is not None:
            title = _("{name} is back — down {duration}").format(
                name=name, duration=duration(change.lasted)
            )
        else:
            title = _("{name} is back — recovered").format(name=name)
        if status.state is State.MAINTENANCE:  # "is maintenance again" reads wrong
            body = _("{name} is out of the outage and under maintenance now.").format(name=name)
        else:
            body = _("{name} is {state} again.").format(name=name, state=status.state.label)
        return _note(change.kind, title, body, [change])
    incident = status.main_incident
    if change.kind is Kind.ESCALATION:
        title = _("{name} got worse: {state}").format(name=name, state=status.state.label)
    elif change.relapse:
        title = _("{name} is down again: {state}").format(name=name, state=status.state.label)
    else:
        title = _("{name}: {state}").format(name=name, state=status.state.label)
    body = incident.title if incident else _("Its status page reports a problem.")
    if incident and incident.status:
        body += f" ({incident_status(incident.status)})"
    alternatives = [a.name for a in status.alternatives[:2]]
    if alternatives:
        body += ". " + _("Meanwhile: {names}").format(names=_(" or ").join(alternatives))
    return _note(change.kind, title, body, [change])


def _unconfirmed(change: _Change) -> Notification:
    """The API probe's own words: "may be down", and the quiet all-clear when it answers again."""
    status = change.status
    if change.kind is Kind.RECOVERY:
        title, body = answering_again(status.name)
    else:
        title, body = may_be_down(status.name, status.probe.detail if status.probe else "")
    return _note(change.kind, title, body, [change])


def _note(kind: Kind, title: str, message: str, changes: list[_Change]) -> Notification:
    return Notification(
        kind=kind,
        title=cut(clean_text(title, TITLE_LIMIT * 2), TITLE_LIMIT),
        message=cut(clean_text(message, MESSAGE_LIMIT * 2), MESSAGE_LIMIT),
        provider_ids=tuple(c.status.id for c in changes),
    )


def _unreachable(
    memory: Memory, snapshot: Snapshot, now: datetime, mono: float, settings: Settings
) -> tuple[Memory, list[Notification]]:
    # A page that was read but left its state in doubt (an undated problem) was reached.
    nothing_readable = bool(snapshot.providers) and not any(
        p.state.is_known or p.unknown_reason is Reason.UNDATED for p in snapshot.providers
    )
    if not nothing_readable:
        return replace(memory, unreadable_since=None, unreadable_told=False), []
    since = mono if memory.unreadable_since is None else memory.unreadable_since
    if (
        memory.unreadable_told
        or 0 <= mono - since < settings.unreachable_after.total_seconds()
        or not settings.enabled
        or (settings.paused_until is not None and now < settings.paused_until)
    ):
        return replace(memory, unreadable_since=since), []
    note = Notification(Kind.UNREACHABLE, _("Can't reach status pages"), _why_unreadable(snapshot))
    return replace(memory, unreadable_since=since, unreadable_told=True), [note]


def _why_unreadable(snapshot: Snapshot) -> str:
    """Why nothing is readable, in the words of its reason (``core/reasons.py``)."""
    if snapshot.overall is State.OFFLINE:
        return _("No status page has answered; check your network connection.")
    reason = common(p.unknown_reason for p in snapshot.providers)
    if reason is Reason.BLOCKED:
        return _("Status pages answered with a bot check or refused access; details in the menu.")
    if reason is Reason.SLOW:
        return _("Status pages are not answering in time; details in the menu.")
    if reason is Reason.UNREACHABLE:
        return _("The servers of the status pages cannot be reached; details in the menu.")
    if reason is Reason.BROKEN or reason is Reason.OFFLINE:
        return _("Status pages are not giving readable answers; details in the menu.")
    return " · ".join(
        _("{name}: {state}").format(name=p.name, state=state_label(p)) for p in snapshot.providers
    )
