"""Instatus: ``<page>/summary.json`` (plus ``/v3/components.json`` when components are watched).

Instatus omits ``activeIncidents`` and ``activeMaintenances`` entirely when they are empty.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from trayapp.core.model import (
    Component,
    Endpoint,
    Incident,
    Maintenance,
    ProviderSpec,
    Reading,
    State,
)
from trayapp.core.text import clean_text, safe_link
from trayapp.sources._parse import field, objects, optional, parse_time, vocabulary

PAGE = {
    "up": State.OPERATIONAL,
    "hasissues": State.DEGRADED,
    "undermaintenance": State.MAINTENANCE,
    "down": State.MAJOR_OUTAGE,
}
IMPACT = {
    "operational": State.OPERATIONAL,
    "degradedperformance": State.DEGRADED,
    "partialoutage": State.PARTIAL_OUTAGE,
    "majoroutage": State.MAJOR_OUTAGE,
    "undermaintenance": State.MAINTENANCE,
}


def endpoints(spec: ProviderSpec) -> tuple[Endpoint, ...]:
    summary = Endpoint(f"{spec.url}/summary.json")
    if spec.components:
        return (summary, Endpoint(f"{spec.url}/v3/components.json"))
    return (summary,)


def parse(spec: ProviderSpec, documents: Sequence[Any], now: datetime) -> Reading:
    doc = documents[0]
    page = field(doc, "page", dict, "summary")
    indicator = vocabulary(PAGE, field(page, "status", str, "summary.page"), State.UNKNOWN)
    incidents = tuple(
        Incident(
            title=clean_text(field(item, "name", str, "incident"), 200),
            impact=vocabulary(IMPACT, item.get("impact"), State.DEGRADED),
            status=clean_text(str(item.get("status", "investigating")).lower(), 40),
            started_at=parse_time(item.get("started")),
            url=safe_link(item.get("url")),
        )
        for item in objects(
            optional(doc, "activeIncidents", list, "summary", []), "summary.activeIncidents"
        )
        if str(item.get("status", "")).upper() != "RESOLVED"
    )
    maintenances = tuple(
        Maintenance(
            title=clean_text(field(item, "name", str, "maintenance"), 200),
            status="in_progress" if item.get("status") == "INPROGRESS" else "scheduled",
            starts_at=parse_time(item.get("start")),
            url=safe_link(item.get("url")),
        )
        for item in objects(
            optional(doc, "activeMaintenances", list, "summary", []), "summary.activeMaintenances"
        )
        if item.get("status") != "COMPLETED"
    )
    components = _components(documents[1]) if len(documents) > 1 else ()
    return Reading(
        indicator=indicator,
        components=components,
        incidents=incidents,
        maintenances=maintenances,
        page_name=clean_text(page.get("name"), 80),
    )


def _components(doc: Any) -> tuple[Component, ...]:
    rows = doc if isinstance(doc, list) else field(doc, "components", list, "components")
    result = []
    for row in objects(rows, "components"):
        group = row.get("group")
        result.append(
            Component(
                name=clean_text(field(row, "name", str, "component"), 120),
                state=vocabulary(IMPACT, row.get("status"), State.UNKNOWN),
                group=clean_text(group.get("name"), 120) if isinstance(group, dict) else None,
            )
        )
    return tuple(result)
