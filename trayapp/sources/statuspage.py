"""Atlassian Statuspage v2: ``<page>/api/v2/summary.json``."""

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
from trayapp.sources._parse import (
    field,
    objects,
    optional,
    parse_time,
    vocabulary,
)

INDICATOR = {
    "none": State.OPERATIONAL,
    "minor": State.DEGRADED,
    "major": State.PARTIAL_OUTAGE,
    "critical": State.MAJOR_OUTAGE,
    "maintenance": State.MAINTENANCE,
}
COMPONENT = {
    "operational": State.OPERATIONAL,
    "degraded_performance": State.DEGRADED,
    "partial_outage": State.PARTIAL_OUTAGE,
    "major_outage": State.MAJOR_OUTAGE,
    "full_outage": State.MAJOR_OUTAGE,  # incident.io's word, seen through its compatible API
    "under_maintenance": State.MAINTENANCE,
}
CLOSED = {"resolved", "postmortem", "completed"}
MAINTENANCE_ACTIVE = {"in_progress", "verifying"}


# status.json (~215 bytes) changes whenever the summary does: its page's updated_at and
# indicator are the summary's own. It is asked on every look, the summary only after a change.
WITNESS = "/api/v2/status.json"
IN_STEP = ("page.updated_at", "status.indicator")


def endpoints(spec: ProviderSpec) -> tuple[Endpoint, ...]:
    return (
        Endpoint(f"{spec.url}/api/v2/summary.json", witness=spec.url + WITNESS, agree_on=IN_STEP),
    )


def parse(spec: ProviderSpec, documents: Sequence[Any], now: datetime) -> Reading:
    return parse_summary(documents[0], spec.url)


def parse_summary(doc: Any, base_url: str) -> Reading:
    """A Statuspage-shaped summary (also served by incident.io's compatible API)."""
    status = field(doc, "status", dict, "summary")
    indicator_word = field(status, "indicator", str, "summary.status")
    indicator = vocabulary(INDICATOR, indicator_word, State.UNKNOWN)
    page = optional(doc, "page", dict, "summary", {})
    rows = objects(field(doc, "components", list, "summary"), "summary.components")

    groups = {
        str(row.get("id")): clean_text(row.get("name"), 120)
        for row in rows
        if row.get("group") is True
    }
    components = tuple(
        Component(
            name=clean_text(field(row, "name", str, "component"), 120),
            state=vocabulary(COMPONENT, row.get("status"), State.UNKNOWN),
            group=groups.get(str(row.get("group_id"))) if row.get("group_id") else None,
        )
        for row in rows
        if row.get("group") is not True
    )
    incidents = tuple(
        _incident(item, base_url)
        for item in objects(optional(doc, "incidents", list, "summary", []), "summary.incidents")
        if str(item.get("status", "")).lower() not in CLOSED
    )
    maintenances = tuple(
        _maintenance(item)
        for item in objects(
            optional(doc, "scheduled_maintenances", list, "summary", []),
            "summary.scheduled_maintenances",
        )
        if str(item.get("status", "")).lower() not in CLOSED
    )
    return Reading(
        indicator=indicator,
        components=components,
        incidents=incidents,
        maintenances=maintenances,
        updated_at=parse_time(page.get("updated_at")),
        page_name=clean_text(page.get("name"), 80),
    )


def _latest_update(item: dict[str, Any]) -> str:
    rows = optional(item, "incident_updates", list, "incident", [])
    updates = [u for u in rows if isinstance(u, dict)]
    if not updates:
        return ""
    newest = max(updates, key=lambda u: str(u.get("display_at") or u.get("created_at") or ""))
    return clean_text(newest.get("body"), 500)


def _component_names(item: dict[str, Any]) -> tuple[str, ...]:
    rows = optional(item, "components", list, "incident", [])
    return tuple(clean_text(c.get("name"), 120) for c in rows if isinstance(c, dict))


def _incident(item: dict[str, Any], base_url: str) -> Incident:
    impact_word = item.get("impact")
    impact = vocabulary(INDICATOR, impact_word, State.DEGRADED)
    link = safe_link(item.get("shortlink"))
    if link is None and isinstance(item.get("id"), str):
        link = f"{base_url}/incidents/{item['id']}"
    return Incident(
        title=clean_text(field(item, "name", str, "incident"), 200),
        impact=impact,
        status=clean_text(item.get("status"), 40) or "investigating",
        started_at=parse_time(item.get("started_at") or item.get("created_at")),
        latest_update=_latest_update(item),
        url=link,
        components=_component_names(item),
    )


def _maintenance(item: dict[str, Any]) -> Maintenance:
    status = str(item.get("status", "")).lower()
    return Maintenance(
        title=clean_text(field(item, "name", str, "maintenance"), 200),
        status="in_progress" if status in MAINTENANCE_ACTIVE else "scheduled",
        starts_at=parse_time(item.get("scheduled_for")),
        ends_at=parse_time(item.get("scheduled_until")),
        url=safe_link(item.get("shortlink")),
        components=_component_names(item),
    )
