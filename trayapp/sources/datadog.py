"""Datadog Status Pages (OpenRouter since September 2026): ``<page>/config.json``.

One document for everything: ``components`` (leaves of type "Component" carry a status;
a "ComponentGroup" carries none), ``incidents`` (resolved ones stay listed with
``resolved: true``; the impact is in the newest timeline entry) and ``maintenances`` (``null``
when there are none; both keys are always present on a real page).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from trayapp.core.i18n import _
from trayapp.core.model import (
    Component,
    Endpoint,
    Incident,
    Maintenance,
    ProviderSpec,
    Reading,
    State,
)
from trayapp.core.text import clean_text
from trayapp.sources._parse import (
    SourceFormatError,
    field,
    objects,
    optional,
    parse_time,
    vocabulary,
    worst_state,
)

STATUS = {
    "operational": State.OPERATIONAL,
    "degraded": State.DEGRADED,
    "partial_outage": State.PARTIAL_OUTAGE,
    "major_outage": State.MAJOR_OUTAGE,
    "maintenance": State.MAINTENANCE,
}
OPEN_MAINTENANCE = {"scheduled": "scheduled", "in_progress": "in_progress"}


def endpoints(spec: ProviderSpec) -> tuple[Endpoint, ...]:
    return (Endpoint(f"{spec.url}/config.json"),)


def parse(spec: ProviderSpec, documents: Sequence[Any], now: datetime) -> Reading:
    doc = documents[0]
    rows = objects(field(doc, "components", list, "config"), "config.components")
    for key in ("incidents", "maintenances"):
        if key not in doc:
            raise SourceFormatError(_("{where}: missing {key!r}").format(where="config", key=key))
    components: list[Component] = []
    for row in rows:
        if row.get("type") == "ComponentGroup":
            group = clean_text(row.get("name"), 120) or None
            children = objects(optional(row, "components", list, "group", []), "group.components")
            components += [_component(child, group) for child in children]
        else:
            components.append(_component(row, None))
    incidents = tuple(
        _incident(row, spec.url)
        for row in objects(optional(doc, "incidents", list, "config", []), "config.incidents")
        if not _closed(row)
    )
    maintenances = tuple(
        _maintenance(row, spec.url)
        for row in objects(optional(doc, "maintenances", list, "config", []), "config.maintenances")
        if not row.get("deletedAt")
        and str(row.get("currentStatus", "")).lower() in OPEN_MAINTENANCE
    )
    return Reading(
        indicator=None,
        components=tuple(components),
        incidents=incidents,
        maintenances=maintenances,
    )


def _component(row: dict[str, Any], group: str | None) -> Component:
    return Component(
        name=clean_text(field(row, "name", str, "component"), 120),
        state=vocabulary(STATUS, row.get("status"), State.UNKNOWN),
        group=group,
    )


def _closed(row: dict[str, Any]) -> bool:
    return (
        bool(row.get("deletedAt"))
        or row.get("resolved") is True
        or str(row.get("currentStatus", "")).lower() == "resolved"
    )


def _affected(rows: Any) -> list[tuple[str, State]]:
    result = []
    for row in rows if isinstance(rows, list) else []:
        if isinstance(row, dict) and isinstance(row.get("name"), str):
            state = vocabulary(STATUS, row.get("status"), State.DEGRADED)
            result.append((clean_text(row["name"], 120), state))
    return result


def _incident(row: dict[str, Any], base_url: str) -> Incident:
    timeline = [t for t in optional(row, "timeline", list, "incident", []) if isinstance(t, dict)]
    newest = max(timeline, key=lambda t: str(t.get("startedAt") or ""), default={})
    affected = _affected(newest.get("componentsAffected")) or _affected(
        row.get("componentsAffected")
    )
    # Components "operational" under an open incident: something is still wrong.
    states = [s if s.is_problem else State.DEGRADED for _, s in affected]
    incident_id = row.get("id")
    return Incident(
        title=clean_text(field(row, "title", str, "incident"), 200),
        impact=worst_state(states, State.DEGRADED),
        status=clean_text(row.get("currentStatus"), 40) or "investigating",
        started_at=parse_time(row.get("publishedDate")) or _earliest(timeline),
        latest_update=clean_text(newest.get("description") or row.get("description"), 500),
        url=f"{base_url}/incidents/{incident_id}" if isinstance(incident_id, str) else base_url,
        components=tuple(name for name, _ in affected),
    )


def _earliest(timeline: list[dict[str, Any]]) -> datetime | None:
    times = [t for t in (parse_time(e.get("startedAt")) for e in timeline) if t is not None]
    return min(times, default=None)


def _maintenance(row: dict[str, Any], base_url: str) -> Maintenance:
    maintenance_id = row.get("id")
    return Maintenance(
        title=clean_text(row.get("title") or row.get("name"), 200) or "Maintenance",
        status=OPEN_MAINTENANCE[str(row.get("currentStatus")).lower()],
        starts_at=parse_time(row.get("startDate")),
        ends_at=parse_time(row.get("completedDate")),
        url=f"{base_url}/maintenances/{maintenance_id}"
        if isinstance(maintenance_id, str)
        else base_url,
        components=tuple(name for name, _ in _affected(row.get("componentsAffected"))),
    )
