"""Better Stack status pages: ``<page>/index.json`` (a JSON:API document).

Only the currently active status reports are included; a resolved report can still carry
``ends_at: null``, so its ``aggregate_state`` decides whether it is open.
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
from trayapp.sources._parse import field, objects, optional, parse_time, vocabulary

STATE = {
    "operational": State.OPERATIONAL,
    "degraded": State.DEGRADED,
    "downtime": State.MAJOR_OUTAGE,
    "maintenance": State.MAINTENANCE,
}


def endpoints(spec: ProviderSpec) -> tuple[Endpoint, ...]:
    return (Endpoint(f"{spec.url}/index.json"),)


def parse(spec: ProviderSpec, documents: Sequence[Any], now: datetime) -> Reading:
    doc = documents[0]
    data = field(doc, "data", dict, "index")
    attributes = field(data, "attributes", dict, "index.data")
    indicator = vocabulary(
        STATE, field(attributes, "aggregate_state", str, "index.data.attributes"), State.UNKNOWN
    )
    included = objects(optional(doc, "included", list, "index", []), "index.included")
    by_type: dict[str, dict[str, dict[str, Any]]] = {}
    for item in included:
        by_type.setdefault(str(item.get("type")), {})[str(item.get("id"))] = item

    sections = {
        key: clean_text(_attrs(item).get("name"), 120)
        for key, item in by_type.get("status_page_section", {}).items()
    }
    resources: dict[str, str] = {}
    components = []
    for key, item in by_type.get("status_page_resource", {}).items():
        attrs = _attrs(item)
        name = clean_text(attrs.get("public_name"), 120)
        resources[key] = name
        if attrs.get("status") == "not_monitored":
            continue
        components.append(
            Component(
                name=name,
                state=vocabulary(STATE, attrs.get("status"), State.UNKNOWN),
                group=sections.get(str(attrs.get("status_page_section_id"))) or None,
            )
        )

    incidents = []
    maintenances = []
    updates = by_type.get("status_update", {})
    for item in by_type.get("status_report", {}).values():
        attrs = _attrs(item)
        state_word = str(attrs.get("aggregate_state", "")).lower()
        if state_word == "resolved":
            continue
        title = clean_text(attrs.get("title"), 200) or _("Status report")
        affected = tuple(
            resources.get(str(r.get("status_page_resource_id")), "")
            for r in attrs.get("affected_resources") or []
            if isinstance(r, dict)
        )
        if attrs.get("report_type") == "maintenance" or state_word == "maintenance":
            maintenances.append(
                Maintenance(
                    title=title,
                    status="in_progress" if state_word == "maintenance" else "scheduled",
                    starts_at=parse_time(attrs.get("starts_at")),
                    ends_at=parse_time(attrs.get("ends_at")),
                    components=tuple(a for a in affected if a),
                )
            )
            continue
        incidents.append(
            Incident(
                title=title,
                impact=vocabulary(STATE, state_word, State.DEGRADED),
                status="investigating",
                started_at=parse_time(attrs.get("starts_at")),
                latest_update=_latest_message(item, updates),
                url=spec.url,
                components=tuple(a for a in affected if a),
            )
        )
    return Reading(
        indicator=indicator,
        components=tuple(components),
        incidents=tuple(incidents),
        maintenances=tuple(maintenances),
        page_name=clean_text(attributes.get("company_name"), 80),
    )


def _attrs(item: dict[str, Any]) -> dict[str, Any]:
    attrs = item.get("attributes")
    return attrs if isinstance(attrs, dict) else {}


def _latest_message(report: dict[str, Any], updates: dict[str, dict[str, Any]]) -> str:
    relationships = report.get("relationships")
    refs = []
    if isinstance(relationships, dict):
        holder = relationships.get("status_updates")
        if isinstance(holder, dict) and isinstance(holder.get("data"), list):
            refs = [r for r in holder["data"] if isinstance(r, dict)]
    found = [_attrs(updates[str(r.get("id"))]) for r in refs if str(r.get("id")) in updates]
    if not found:
        return ""
    newest = max(found, key=lambda a: str(a.get("published_at", "")))
    return clean_text(newest.get("message"), 500)
