"""incident.io status pages.

Two documents: the Statuspage-compatible ``/api/v2/summary.json`` (components and the page
indicator, but no incidents at all) and ``/proxy/<host>``, which the page's own front end loads
(ongoing incidents, maintenances and the component groups).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from trayapp.core.model import Endpoint, Incident, Maintenance, ProviderSpec, Reading, State
from trayapp.core.text import clean_text
from trayapp.sources import statuspage
from trayapp.sources._parse import field, objects, optional, parse_time, vocabulary

IMPACT = {
    "operational": State.OPERATIONAL,
    "degraded_performance": State.DEGRADED,
    "partial_outage": State.PARTIAL_OUTAGE,
    "full_outage": State.MAJOR_OUTAGE,
    "major_outage": State.MAJOR_OUTAGE,
    "under_maintenance": State.MAINTENANCE,
}
CLOSED = {"resolved", "completed", "postmortem"}


def endpoints(spec: ProviderSpec) -> tuple[Endpoint, ...]:
    host = urlsplit(spec.url).netloc.rsplit("@", 1)[-1]  # credentials never go into a path
    return (
        Endpoint(f"{spec.url}/api/v2/summary.json"),
        Endpoint(f"{spec.url}/proxy/{host}"),
    )


def parse(spec: ProviderSpec, documents: Sequence[Any], now: datetime) -> Reading:
    summary = statuspage.parse_summary(documents[0], spec.url)
    proxy = field(documents[1], "summary", dict, "proxy")

    names = _component_names(proxy)
    groups = _groups(proxy)
    components = tuple(replace(c, group=groups.get(c.name, c.group)) for c in summary.components)
    incidents = tuple(
        _incident(item, names, spec.url)
        for item in objects(
            optional(proxy, "ongoing_incidents", list, "proxy.summary", []),
            "proxy.ongoing_incidents",
        )
        if str(item.get("status", "")).lower() not in CLOSED
    )
    maintenances = tuple(
        _maintenance(item, names)
        for item in objects(
            optional(proxy, "scheduled_maintenances", list, "proxy.summary", []),
            "proxy.scheduled_maintenances",
        )
        if str(item.get("status", "")).lower() not in CLOSED
    )
    return replace(summary, components=components, incidents=incidents, maintenances=maintenances)


def _component_names(proxy: dict[str, Any]) -> dict[str, str]:
    rows = optional(proxy, "components", list, "proxy.summary", [])
    return {
        str(row["id"]): clean_text(row.get("name"), 120)
        for row in rows
        if isinstance(row, dict) and "id" in row
    }


def _groups(proxy: dict[str, Any]) -> dict[str, str]:
    """Component name -> group name, from the page's layout."""
    structure = optional(proxy, "structure", dict, "proxy.summary", {})
    result: dict[str, str] = {}
    for item in optional(structure, "items", list, "proxy.structure", []):
        group = item.get("group") if isinstance(item, dict) else None
        if not isinstance(group, dict):
            continue
        group_name = clean_text(group.get("name"), 120)
        for member in group.get("components") or []:
            if isinstance(member, dict) and isinstance(member.get("name"), str):
                result[clean_text(member["name"], 120)] = group_name
    return result


def _affected(item: dict[str, Any], names: dict[str, str]) -> list[tuple[str, State]]:
    rows = optional(item, "affected_components", list, "incident", [])
    affected = []
    for row in rows:
        if not isinstance(row, dict):
            continue
        name = names.get(str(row.get("component_id")), str(row.get("component_id")))
        word = row.get("current_status") or row.get("status")
        affected.append((name, vocabulary(IMPACT, word, State.DEGRADED)))
    return affected


def _incident(item: dict[str, Any], names: dict[str, str], base_url: str) -> Incident:
    affected = _affected(item, names)
    # An ongoing incident with no component impact still means something is wrong.
    impact = max((s for _, s in affected), key=lambda s: s.severity, default=State.DEGRADED)
    updates = [u for u in optional(item, "updates", list, "incident", []) if isinstance(u, dict)]
    newest = max(updates, key=lambda u: str(u.get("published_at", "")), default={})
    incident_id = item.get("id")
    return Incident(
        title=clean_text(field(item, "name", str, "incident"), 200),
        impact=impact,
        status=clean_text(item.get("status"), 40) or "investigating",
        started_at=parse_time(item.get("published_at")),
        latest_update=clean_text(newest.get("message_string"), 500),
        url=f"{base_url}/incidents/{incident_id}" if isinstance(incident_id, str) else None,
        components=tuple(name for name, _ in affected),
    )


def _maintenance(item: dict[str, Any], names: dict[str, str]) -> Maintenance:
    status = str(item.get("status", "")).lower()
    return Maintenance(
        title=clean_text(field(item, "name", str, "maintenance"), 200),
        status="in_progress"
        if status in {"in_progress", "maintenance_in_progress"}
        else "scheduled",
        starts_at=parse_time(item.get("starts_at") or item.get("scheduled_for")),
        ends_at=parse_time(item.get("ends_at") or item.get("scheduled_until")),
        components=tuple(name for name, _ in _affected(item, names)),
    )
