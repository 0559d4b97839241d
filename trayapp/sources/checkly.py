"""Checkly status pages (Mistral since May 2026): the JSON the page's own front end loads.

Under ``<page>/api/status-page/<slug>/``: ``uptime`` (groups and services, with per-day history
that carries no current state), ``unresolved-incidents`` (what is wrong now) and
``maintenance-windows`` (``active`` and ``upcoming``; optional). The slug is the provider's
``product``, or else the page's host without "status." and with dots as dashes
(status.mistral.ai -> mistral-ai).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

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
    field,
    objects,
    optional,
    parse_time,
    vocabulary,
    worst_state,
)

SEVERITY = {
    "minor": State.DEGRADED,
    "medium": State.DEGRADED,
    "major": State.PARTIAL_OUTAGE,
    "critical": State.MAJOR_OUTAGE,
    "maintenance": State.MAINTENANCE,
}
CLOSED = {"resolved"}


def slug(spec: ProviderSpec) -> str:
    if spec.product:
        return spec.product
    host = urlsplit(spec.url).hostname or ""
    return host.removeprefix("status.").replace(".", "-")


def endpoints(spec: ProviderSpec) -> tuple[Endpoint, ...]:
    base = f"{spec.url}/api/status-page/{slug(spec)}"
    return (
        Endpoint(f"{base}/uptime"),
        Endpoint(f"{base}/unresolved-incidents"),
        Endpoint(f"{base}/maintenance-windows", optional=True),
    )


def parse(spec: ProviderSpec, documents: Sequence[Any], now: datetime) -> Reading:
    uptime, unresolved, windows = [*documents, None, None, None][:3]
    groups = objects(field(uptime, "metadata", list, "uptime"), "uptime.metadata")
    services: list[tuple[str, str, str]] = []  # id, name, group
    for group in groups:
        group_name = clean_text(group.get("name"), 120)
        for service in objects(field(group, "services", list, "group"), "group.services"):
            name = clean_text(field(service, "name", str, "service"), 120)
            services.append((str(service.get("id")), name, group_name))
    names = {sid: name for sid, name, _ in services}

    rows = objects(field(unresolved, "incidents", list, "unresolved-incidents"), "incidents")
    incidents = [
        _incident(row, names, spec.url)
        for row in rows
        if str(row.get("lastUpdateStatus", "")).lower() not in CLOSED
    ]
    impact: dict[str, State] = {}
    for incident in incidents:
        for name in incident.components:
            impact[name] = worst_state(
                [impact.get(name, State.OPERATIONAL), incident.impact], State.OPERATIONAL
            )
    maintenances = _maintenances(windows, names)
    for window in maintenances:
        if window.in_progress:
            for name in window.components:
                impact.setdefault(name, State.MAINTENANCE)
    components = tuple(
        Component(name, impact.get(name, State.OPERATIONAL), group or None)
        for _, name, group in services
    )
    return Reading(
        indicator=None,
        components=components,
        incidents=tuple(incidents),
        maintenances=tuple(maintenances),
    )


def _service_names(row: dict[str, Any], names: dict[str, str]) -> tuple[str, ...]:
    result = []
    for service in optional(row, "services", list, "incident", []):
        if isinstance(service, dict):
            name = names.get(str(service.get("id"))) or clean_text(service.get("name"), 120)
            if name:
                result.append(name)
    return tuple(dict.fromkeys(result))


def _incident(row: dict[str, Any], names: dict[str, str], base_url: str) -> Incident:
    updates = [
        u for u in optional(row, "incidentUpdates", list, "incident", []) if isinstance(u, dict)
    ]
    newest = max(
        updates,
        key=lambda u: str(u.get("publicIncidentUpdateDate") or u.get("created_at") or ""),
        default={},
    )
    return Incident(
        title=clean_text(field(row, "name", str, "incident"), 200),
        impact=vocabulary(SEVERITY, row.get("severity"), State.DEGRADED),
        status=clean_text(row.get("lastUpdateStatus"), 40).lower() or "investigating",
        started_at=parse_time(row.get("created_at")),
        latest_update=clean_text(newest.get("description"), 500),
        url=base_url,
        components=_service_names(row, names),
    )


def _maintenances(doc: Any, names: dict[str, str]) -> list[Maintenance]:
    if doc is None:
        return []
    result = []
    for key, status in (("active", "in_progress"), ("upcoming", "scheduled")):
        for row in objects(optional(doc, key, list, "maintenance-windows", []), key):
            title = clean_text(row.get("name") or row.get("title"), 200) or "Maintenance"
            result.append(
                Maintenance(
                    title=title,
                    status=status,
                    starts_at=parse_time(row.get("startsAt") or row.get("startAt")),
                    ends_at=parse_time(row.get("endsAt") or row.get("endAt")),
                    components=_service_names(row, names),
                )
            )
    return result
