"""Scenarios: real outages as data (``scenarios/*.toml``), read and checked before a replay.

A scenario names the providers it watches, lays out each one's status page (component groups
and components) and lists the incidents with their updates, each at its real time with the
components it affected. What a page said at any moment follows from that
(:meth:`Scenario.incidents_at`, :meth:`Scenario.components_at`); ``documents`` writes it in the
page's own format.
"""

from __future__ import annotations

import hashlib
import itertools
import tomllib
from dataclasses import dataclass
from datetime import datetime, timedelta
from importlib import resources
from typing import Any

from trayapp.core.model import State

MAX_BYTES = 64 * 1024  # a scenario is a few KB of hand-written TOML
FORMATS = ("incidentio", "statuspage", "gcloud")  # what the demo's server can write
STATUSES = ("investigating", "identified", "monitoring", "resolved")
# Component states in Statuspage's words (the renderers translate them per format).
STATES = {
    "operational": State.OPERATIONAL,
    "degraded_performance": State.DEGRADED,
    "partial_outage": State.PARTIAL_OUTAGE,
    "major_outage": State.MAJOR_OUTAGE,
}
DEFAULT = "chatgpt-nov-2024"


class ScenarioError(ValueError):
    """A scenario file that cannot be replayed, worded for whoever edits it."""


@dataclass(frozen=True)
class Group:
    name: str | None  # None: components shown on their own
    components: tuple[str, ...]


@dataclass(frozen=True)
class Page:
    provider: str
    name: str
    groups: tuple[Group, ...]

    @property
    def components(self) -> tuple[str, ...]:
        return tuple(c for g in self.groups for c in g.components)

    def expand(self, name: str) -> tuple[str, ...]:
        """A group's components, or the component itself."""
        for group in self.groups:
            if group.name == name:
                return group.components
        return (name,) if name in self.components else ()


@dataclass(frozen=True)
class Update:
    at: datetime
    status: str
    message: str
    affected: tuple[tuple[str, State], ...] = ()  # component -> state, in page order

    @property
    def resolved(self) -> bool:
        return self.status == "resolved"


@dataclass(frozen=True)
class Incident:
    id: str
    provider: str
    name: str
    updates: tuple[Update, ...]  # oldest first

    @property
    def published(self) -> datetime:
        return self.updates[0].at

    def shown_at(self, when: datetime) -> tuple[Update, ...]:
        """The updates published by ``when``, oldest first."""
        return tuple(u for u in self.updates if u.at <= when)


@dataclass(frozen=True)
class Skip:
    """A quiet stretch the replay jumps over, as a computer that sleeps through the night."""

    start: datetime
    end: datetime

    @property
    def length(self) -> timedelta:
        return self.end - self.start


@dataclass(frozen=True)
class Scenario:
    name: str
    title: str  # translatable (trayapp/demo/texts.py marks it)
    about: str  # one line for `demo --list`, translatable too
    start: datetime
    end: datetime
    providers: tuple[str, ...]
    pages: dict[str, Page]
    incidents: tuple[Incident, ...]
    skips: tuple[Skip, ...] = ()

    def incidents_at(
        self, provider: str, when: datetime
    ) -> list[tuple[Incident, tuple[Update, ...]]]:
        """Every incident of ``provider`` published by ``when``, with its updates so far."""
        found = []
        for incident in self.incidents:
            if incident.provider == provider:
                shown = incident.shown_at(when)
                if shown:
                    found.append((incident, shown))
        return found

    def components_at(self, provider: str, when: datetime) -> dict[str, State]:
        """Each component's state at ``when``: the worst that an open incident gives it."""
        states = dict.fromkeys(self.pages[provider].components, State.OPERATIONAL)
        for _incident, shown in self.incidents_at(provider, when):
            latest = shown[-1]
            if latest.resolved:
                continue
            for component, state in latest.affected:
                if state.severity > states[component].severity:
                    states[component] = state
        return states


def names() -> list[str]:
    """The scenarios shipped with the app, by name."""
    folder = resources.files("trayapp.demo").joinpath("scenarios")
    return sorted(
        p.name.removesuffix(".toml") for p in folder.iterdir() if p.name.endswith(".toml")
    )


def every() -> list[Scenario]:
    """Every shipped scenario, in the calendar's order (as `demo --list` shows them)."""
    return sorted((load(name) for name in names()), key=lambda s: s.start)


def _text(name: str) -> str:
    if name not in names():  # a name, never a path
        raise ScenarioError(f"no scenario {name!r}")
    path = resources.files("trayapp.demo").joinpath("scenarios").joinpath(f"{name}.toml")
    try:
        data = path.read_bytes()
    except (FileNotFoundError, OSError):
        raise ScenarioError(f"no scenario {name!r}") from None
    if len(data) > MAX_BYTES:
        raise ScenarioError(f"{name}: larger than {MAX_BYTES // 1024} KB")
    return data.decode("utf-8")


def load(name: str) -> Scenario:
    """The scenario ``name``, checked; :class:`ScenarioError` says what is wrong."""
    return parse(name, _text(name))


def parse(name: str, text: str) -> Scenario:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(f"{name}: not valid TOML: {exc}") from None
    return _Reader(name).scenario(data)


class _Reader:
    def __init__(self, name: str) -> None:
        self.name = name

    def fail(self, where: str, problem: str) -> ScenarioError:
        return ScenarioError(f"{self.name}: {where}: {problem}")

    def get(self, table: dict[str, Any], key: str, kind: type, where: str) -> Any:
        value = table.get(key)
        if not isinstance(value, kind):
            raise self.fail(f"{where}.{key}", f"expected {kind.__name__}")
        return value

    def time(self, table: dict[str, Any], key: str, where: str) -> datetime:
        value = self.get(table, key, datetime, where)
        if value.tzinfo is None:
            raise self.fail(f"{where}.{key}", "a time needs its UTC offset (e.g. -08:00)")
        return value  # type: ignore[no-any-return]

    def scenario(self, data: dict[str, Any]) -> Scenario:
        start, end = self.time(data, "start", "scenario"), self.time(data, "end", "scenario")
        if end <= start:
            raise self.fail("scenario.end", "must come after start")
        providers = tuple(self.get(data, "providers", list, "scenario"))
        tables = self.get(data, "pages", dict, "scenario")
        pages = {pid: self.page(pid, tables.get(pid)) for pid in providers}
        incidents = tuple(
            self.incident(i, row, pages, start, end)
            for i, row in enumerate(self.get(data, "incidents", list, "scenario"))
        )
        skips = tuple(self.skip(i, row, start, end) for i, row in enumerate(data.get("skip", [])))
        for before, after in itertools.pairwise(skips):
            if after.start < before.end:
                raise self.fail("skip", "stretches must be in order and apart")
        for incident in incidents:
            for update in incident.updates:
                if any(s.start < update.at < s.end for s in skips):
                    raise self.fail(f"incident {incident.name!r}", "an update falls in a skip")
        return Scenario(
            name=self.name,
            title=self.get(data, "title", str, "scenario"),
            about=self.get(data, "about", str, "scenario"),
            start=start,
            end=end,
            providers=providers,
            pages=pages,
            incidents=incidents,
            skips=skips,
        )

    def page(self, provider: str, table: Any) -> Page:
        where = f"pages.{provider}"
        if not isinstance(table, dict):
            raise self.fail(where, "every watched provider needs its page laid out")
        groups = [
            Group(name, self.names(members, f"{where}.groups.{name}"))
            for name, members in (table.get("groups") or {}).items()
        ]
        alone = self.names(table.get("components", []), f"{where}.components")
        if alone:
            groups.append(Group(None, alone))
        page = Page(provider, self.get(table, "name", str, where), tuple(groups))
        if len(set(page.components)) != len(page.components):
            raise self.fail(where, "a component name appears twice")
        return page

    def names(self, value: Any, where: str) -> tuple[str, ...]:
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise self.fail(where, "expected a list of component names")
        return tuple(value)

    def incident(
        self, index: int, row: Any, pages: dict[str, Page], start: datetime, end: datetime
    ) -> Incident:
        where = f"incidents[{index}]"
        if not isinstance(row, dict):
            raise self.fail(where, "expected a table")
        provider = self.get(row, "provider", str, where)
        if provider not in pages:
            raise self.fail(f"{where}.provider", f"{provider!r} is not among the providers")
        updates = tuple(
            self.update(f"{where}.updates[{i}]", u, pages[provider])
            for i, u in enumerate(self.get(row, "updates", list, where))
        )
        if not updates or any(b.at >= a.at for b, a in itertools.pairwise(updates)):
            raise self.fail(f"{where}.updates", "expected updates, oldest first")
        if not all(start <= u.at <= end for u in updates):
            raise self.fail(f"{where}.updates", "every update must fall between start and end")
        if any(u.resolved for u in updates[:-1]):
            raise self.fail(f"{where}.updates", "only the last update may resolve it")
        name = self.get(row, "name", str, where)
        # Stable across runs: each format writes it as its platform's ids look.
        key = hashlib.sha256(f"{self.name}/{index}/{name}".encode()).hexdigest()
        return Incident(key, provider, name, updates)

    def update(self, where: str, row: Any, page: Page) -> Update:
        if not isinstance(row, dict):
            raise self.fail(where, "expected a table")
        status = self.get(row, "status", str, where)
        if status not in STATUSES:
            raise self.fail(f"{where}.status", f"expected one of {', '.join(STATUSES)}")
        affected: dict[str, State] = {}
        listed = self.get(row, "affected", dict, where) if "affected" in row else {}
        for key, word in listed.items():
            members = page.expand(key)
            if not members or word not in STATES:
                raise self.fail(f"{where}.affected.{key}", "unknown component or state")
            affected.update(dict.fromkeys(members, STATES[word]))
        if status == "resolved":
            affected = dict.fromkeys(affected, State.OPERATIONAL)
        order = {c: i for i, c in enumerate(page.components)}
        return Update(
            at=self.time(row, "at", where),
            status=status,
            message=self.get(row, "message", str, where),
            affected=tuple(sorted(affected.items(), key=lambda item: order[item[0]])),
        )

    def skip(self, index: int, row: Any, start: datetime, end: datetime) -> Skip:
        where = f"skip[{index}]"
        if not isinstance(row, dict):
            raise self.fail(where, "expected a table")
        skip = Skip(self.time(row, "from", where), self.time(row, "to", where))
        if not start < skip.start < skip.end < end:
            raise self.fail(where, "must lie inside the scenario, from before to")
        return skip
