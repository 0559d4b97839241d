"""incident.io status pages.

Two documents, each of which a page may switch off: the Statuspage-compatible
``/api/v2/summary.json`` (components, the page indicator and, on current pages, open incidents
with their impact; no groups) and ``/proxy/<host>``, which the page's own front end loads
(ongoing incidents, maintenances, component groups). Both are read when both answer; either one
alone is enough (Perplexity turned the summary API off), and the reading says which one was
missing. Only when neither answers is the page unreadable.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

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
from trayapp.sources import statuspage
from trayapp.sources._parse import (
    SourceFormatError,
    field,
    objects,
    optional,
    parse_time,
    vocabulary,
)

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
        Endpoint(f"{spec.url}/api/v2/summary.json", optional=True),
        Endpoint(f"{spec.url}/proxy/{host}", optional=True),
    )


def summary_missing() -> str:
    return _("summary API switched off or missing; read from the page's own data")


def proxy_missing() -> str:
    return _("the page's own data (/proxy) is missing; read from the summary API")


def parse(spec: ProviderSpec, documents: Sequence[Any], now: datetime) -> Reading:
    compat, proxy_doc = [*documents, None, None][:2]
    if compat is None and proxy_doc is None:
        raise SourceFormatError(_("neither the summary API nor the page's own data answered"))
    if proxy_doc is None:
        return replace(statuspage.parse_summary(compat, spec.url), notes=(proxy_missing(),))
    proxy = field(proxy_doc, "summary", dict, "proxy")
    names = _component_names(proxy)
    groups = _groups(proxy)
    if compat is None:
        summary = Reading(indicator=None, components=_proxy_components(proxy, names))
        notes: tuple[str, ...] = (summary_missing(),)
    else:
        summary = statuspage.parse_summary(compat, spec.url)
        notes = ()
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
    return replace(
        summary,
        components=components,
        incidents=incidents,
        maintenances=maintenances,
        notes=notes,
    )


def _proxy_components(proxy: dict[str, Any], names: dict[str, str]) -> tuple[Component, ...]:
    """Components from the page layout; a component not in ``affected_components`` is fine."""
    states = {
        str(row.get("component_id")): vocabulary(IMPACT, row.get("status"), State.DEGRADED)
        for row in optional(proxy, "affected_components", list, "proxy.summary", [])
        if isinstance(row, dict)
    }
    structure = optional(proxy, "structure", dict, "proxy.summary", {})
    listed: list[tuple[dict[str, Any], str | None]] = []
    for item in optional(structure, "items", list, "proxy.structure", []):
        if not isinstance(item, dict):
            continue
        group = item.get("group")
        if isinstance(group, dict):
            group_name = clean_text(group.get("name"), 120) or None
            members = group.get("components") or []
            listed += [(m, group_name) for m in members if isinstance(m, dict)]
        elif isinstance(item.get("component"), dict):
            listed.append((item["component"], None))
    if not listed:  # no layout: every component the page names
        listed = [({"component_id": cid}, None) for cid in names]
    components = []
    for member, group_name in listed:
        if member.get("hidden") is True:
            continue
        cid = str(member.get("component_id") or member.get("id"))
        name = names.get(cid) or clean_text(member.get("name"), 120)
        if name:
            components.append(Component(name, states.get(cid, State.OPERATIONAL), group_name))
    return tuple(components)


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
