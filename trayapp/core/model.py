"""The status model: plain, immutable data shared by every part of the app."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from trayapp.core.i18n import N_, _


class State(enum.Enum):
    """Health of a component, a provider or everything watched.

    The known states are ordered by severity; ``UNKNOWN`` (no fresh, trustworthy data) and
    ``OFFLINE`` (our own network looks down) are outside that order and never count as healthy.
    """

    OPERATIONAL = "operational"
    MAINTENANCE = "maintenance"
    DEGRADED = "degraded"
    PARTIAL_OUTAGE = "partial_outage"
    MAJOR_OUTAGE = "major_outage"
    UNKNOWN = "unknown"
    OFFLINE = "offline"

    @property
    def is_known(self) -> bool:
        return self not in (State.UNKNOWN, State.OFFLINE)

    @property
    def severity(self) -> int:
        """Rank of a known state (0 = operational); unknown states rank -1."""
        return _SEVERITY.get(self, -1)

    @property
    def is_problem(self) -> bool:
        """True for states a user should hear about: degraded and worse."""
        return self.severity >= State.DEGRADED.severity

    @property
    def label(self) -> str:
        """The state's name for people, in their language (``value`` is for machines)."""
        return _(_LABELS[self])


_LABELS = {
    State.OPERATIONAL: N_("operational"),
    State.MAINTENANCE: N_("maintenance"),
    State.DEGRADED: N_("degraded"),
    State.PARTIAL_OUTAGE: N_("partial outage"),
    State.MAJOR_OUTAGE: N_("major outage"),
    State.UNKNOWN: N_("unknown"),
    State.OFFLINE: N_("offline"),
}

_SEVERITY = {
    State.OPERATIONAL: 0,
    State.MAINTENANCE: 1,
    State.DEGRADED: 2,
    State.PARTIAL_OUTAGE: 3,
    State.MAJOR_OUTAGE: 4,
}


@dataclass(frozen=True)
class ProviderSpec:
    """How to read one provider's status page and what of it the user watches.

    The catalogue and the config file both describe providers with exactly these fields.
    """

    id: str
    name: str
    type: str
    url: str
    components: tuple[str, ...] = ()
    chat_url: str | None = None
    product: str | None = None
    match: tuple[str, ...] = ()
    # A cheap public endpoint of the provider's API; any answer from it means "reachable".
    probe: str | None = None
    vendor: str | None = None
    # When the platform and endpoint were last checked against evidence (catalogue entries).
    verified: str | None = None
    # True when ``components`` were named in the user's config (not catalogue defaults): one
    # missing from the page then makes the provider unknown instead of being dropped.
    own_components: bool = False
    # Other base URLs of the same page, tried in order when ``url`` answers with a bot check,
    # an HTML page instead of a document, or a 4xx. The link shown stays ``url``.
    fallback_urls: tuple[str, ...] = ()

    @property
    def status_page(self) -> str:
        """The human page to open, without any credentials in its URL."""
        netloc = self.url.split("://", 1)[-1].split("/", 1)[0]
        if "@" not in netloc:
            return self.url
        return self.url.replace(netloc, netloc.rsplit("@", 1)[-1], 1)


DocumentKind = Literal["json", "xml"]


@dataclass(frozen=True)
class Endpoint:
    """One document a source needs: where it is and what it must be."""

    url: str
    kind: DocumentKind = "json"
    # An optional document may be missing (404, switched off): the source then gets None for it
    # and reads what the others say. When every document is missing the page is unreadable.
    optional: bool = False
    # A small document of the same page that changes whenever this one does (Statuspage's
    # status.json for its summary.json): while it stays the same, this one is not downloaded.
    witness: str | None = None
    # Dotted paths whose values must be equal in both documents for them to count as in step
    # (a witness newer than the document read with it must not vouch for it).
    agree_on: tuple[str, ...] = ()


class Reason(enum.Enum):
    """Why a provider is unknown, as scripts read it (``status --json``'s ``reason``).

    Words for people are in ``core/reasons.py``; the edge (``polling/``) classifies failures.
    """

    OFFLINE = "offline"  # no network at all: no page answered
    UNREACHABLE = "unreachable"  # this page's server could not be reached; others answered
    BLOCKED = "blocked"  # a bot check, or access refused (401, 403, 407, 429)
    BROKEN = "broken"  # an answer that cannot be read: HTML, garbage, an error status, odd shape
    SLOW = "slow"  # no answer in time
    # Read, but it states a problem in an undated item: whether it is current cannot be told.
    UNDATED = "undated"


class FailureKind(enum.Enum):
    """Why a provider could not be read; ``NETWORK`` means nothing answered at all."""

    NETWORK = "network"
    HTTP = "http"
    CONTENT = "content"
    CONFIG = "config"


@dataclass(frozen=True)
class Component:
    name: str
    state: State
    group: str | None = None


@dataclass(frozen=True)
class Incident:
    title: str
    impact: State
    status: str
    started_at: datetime | None = None
    latest_update: str = ""
    url: str | None = None
    # Names of the components it affects; empty means "not tied to components".
    components: tuple[str, ...] = ()


@dataclass(frozen=True)
class Maintenance:
    title: str
    status: str  # "scheduled" or "in_progress"
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    url: str | None = None
    components: tuple[str, ...] = ()

    @property
    def in_progress(self) -> bool:
        return self.status == "in_progress"


@dataclass(frozen=True)
class Reading:
    """What one status page says, before component scope is applied."""

    indicator: State | None
    components: tuple[Component, ...] = ()
    incidents: tuple[Incident, ...] = ()
    maintenances: tuple[Maintenance, ...] = ()
    updated_at: datetime | None = None
    # Short remarks on how the page was read (a missing document, a fallback used).
    notes: tuple[str, ...] = ()
    # The host it was read from when that was one of the provider's fallback URLs.
    read_from: str | None = None
    # Why ``indicator`` is unknown when the page itself leaves it in doubt (an undated item
    # that states a problem); None when unknown means nothing readable was found.
    reason: Reason | None = None
    # The page's own name for itself, where its format gives one (Statuspage's page.name).
    page_name: str = ""


@dataclass(frozen=True)
class Alternative:
    id: str
    name: str
    url: str
    state: State


@dataclass(frozen=True)
class ProbeReading:
    """What a provider's API probe has seen; ``ok`` is None until it has been asked once."""

    url: str
    ok: bool | None = None
    detail: str = ""
    failing_since: datetime | None = None
    # Failures in a row while other hosts answered (so not the user's own network).
    failures: int = 0


@dataclass(frozen=True)
class ProviderStatus:
    """One provider as the user sees it, after scope and aggregation."""

    id: str
    name: str
    state: State
    checked_at: datetime | None
    status_page: str
    chat_url: str | None = None
    components: tuple[Component, ...] = ()
    incidents: tuple[Incident, ...] = ()
    maintenances: tuple[Maintenance, ...] = ()
    updated_at: datetime | None = None
    error: str | None = None
    failure: FailureKind | None = None
    # When the data shown was last confirmed by the page (differs from checked_at when stale).
    data_as_of: datetime | None = None
    alternatives: tuple[Alternative, ...] = ()
    # Short remarks for the user and for scripts: components not on the page, a page that moved
    # to another platform, a document that was missing.
    notes: tuple[str, ...] = ()
    # The status format actually used to read the page (differs from the configured one after
    # a detected move).
    source_type: str | None = None
    # Open incidents on components the user does not watch: mentioned, never counted in state.
    other_incidents: int = 0
    probe: ProbeReading | None = None
    # The state comes from the API probe, not (yet) from the status page.
    unconfirmed: bool = False
    # Watched components beyond those kept in ``components`` (a note says so too).
    components_left: int = 0
    # Open incidents and maintenances beyond those kept (notes say so too).
    incidents_left: int = 0
    maintenances_left: int = 0
    # Why the last check failed (set with ``failure``, or when the page left the state unknown).
    reason: Reason | None = None
    # The host the page was read from, when it was a fallback URL rather than ``status_page``.
    read_from: str | None = None

    @property
    def unknown_reason(self) -> Reason | None:
        """Why the provider is unknown; None while its state is known."""
        return None if self.state.is_known else self.reason

    @property
    def remarks(self) -> tuple[str, ...]:
        """The notes that the error line does not already say (views show both)."""
        return tuple(n for n in self.notes if not (self.error and n in self.error))

    @property
    def main_incident(self) -> Incident | None:
        if not self.incidents:
            return None
        return max(self.incidents, key=lambda i: i.impact.severity)


@dataclass(frozen=True)
class Snapshot:
    """Everything watched, at one moment."""

    overall: State
    checked_at: datetime
    providers: tuple[ProviderStatus, ...] = field(default_factory=tuple)
    # The providers actually asked for this snapshot (a quick confirmation asks one); None: all.
    observed: frozenset[str] | None = None

    @property
    def unknown_count(self) -> int:
        return sum(1 for p in self.providers if not p.state.is_known)

    @property
    def worst_known(self) -> State | None:
        """The worst state among the providers that could be read (None: none could)."""
        known = [p.state for p in self.providers if p.state.is_known]
        return max(known, key=lambda s: s.severity) if known else None

    def provider(self, provider_id: str) -> ProviderStatus | None:
        return next((p for p in self.providers if p.id == provider_id), None)
