"""Flashcat (FlashDuty) status pages (DeepSeek): the page's JSON and/or its RSS feed.

With the page id as ``product``, ``/api/status-page/<page_id>/summary/active`` gives the
components (bilingual names, no status of their own) and the changes active now; their
``affected_components`` carry the current impact (``full_outage`` is a major outage). Without a
page id, or when that document is missing, ``/feed.rss`` is read like any feed, its state in
``<strong>Status:</strong> word``; the reading then has no components and says so.
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
from trayapp.sources import feed
from trayapp.sources._parse import (
    SourceFormatError,
    epoch_seconds,
    field,
    objects,
    optional,
    vocabulary,
    worst_state,
)

STATUS = {
    "operational": State.OPERATIONAL,
    "degraded": State.DEGRADED,
    "partial_outage": State.PARTIAL_OUTAGE,
    "full_outage": State.MAJOR_OUTAGE,
    "major_outage": State.MAJOR_OUTAGE,
    "maintenance": State.MAINTENANCE,
    "under_maintenance": State.MAINTENANCE,
}
CLOSED = {"resolved", "completed", "canceled", "cancelled", "postmortem"}


def feed_only() -> str:
    return _("read from the page's feed: no component states")


def endpoints(spec: ProviderSpec) -> tuple[Endpoint, ...]:
    rss = Endpoint(f"{spec.url}/feed.rss", kind="xml", optional=bool(spec.product))
    if not spec.product:
        return (rss,)
    active = Endpoint(f"{spec.url}/api/status-page/{spec.product}/summary/active", optional=True)
    return (active, rss)


def parse(spec: ProviderSpec, documents: Sequence[Any], now: datetime) -> Reading:
    if spec.product:
        active, rss = [*documents, None, None][:2]
    else:
        active, rss = None, documents[0]
    if active is not None:
        return _from_summary(active, spec.url)
    if rss is None:
        raise SourceFormatError(_("neither the page's summary nor its feed answered"))
    reading = feed.parse(spec, [rss], now)
    return Reading(
        indicator=reading.indicator,
        incidents=reading.incidents,
        maintenances=reading.maintenances,
        updated_at=reading.updated_at,
        notes=(feed_only(),),
    )


def _from_summary(doc: Any, base_url: str) -> Reading:
    data = field(doc, "data", dict, "summary")
    page = field(data, "page", dict, "summary.data")
    rows = objects(field(page, "components", list, "page"), "page.components")
    if not rows:
        raise SourceFormatError(_("summary: the page lists no components"))
    sections = {
        str(s.get("section_id")): clean_text(s.get("name"), 120)
        for s in objects(optional(page, "sections", list, "page", []), "page.sections")
    }
    names = {
        str(r.get("component_id")): clean_text(field(r, "name", str, "component"), 120)
        for r in rows
    }
    changes = objects(optional(data, "active_changes", list, "summary.data", []), "changes")
    impact: dict[str, State] = {}
    incidents: list[Incident] = []
    maintenances: list[Maintenance] = []
    for change in changes:
        if str(change.get("status", "")).lower() in CLOSED or epoch_seconds(
            change.get("close_at_seconds")
        ):
            continue
        affected = _affected(change, names)
        for cid, state in affected:
            impact[cid] = worst_state([impact.get(cid, State.OPERATIONAL), state], state)
        affected_names = tuple(names.get(cid, cid) for cid, _ in affected)
        title = clean_text(change.get("title"), 200) or "Incident"
        started = epoch_seconds(change.get("start_at_seconds"))
        if change.get("type") == "maintenance":
            maintenances.append(
                Maintenance(title, "in_progress", started, None, base_url, affected_names)
            )
            continue
        incidents.append(
            Incident(
                title=title,
                impact=worst_state([s for _, s in affected if s.is_problem], State.DEGRADED),
                status=clean_text(change.get("status"), 40) or "investigating",
                started_at=started,
                latest_update=_latest(change),
                url=_link(base_url, change.get("change_id")),
                components=affected_names,
            )
        )
    components = tuple(
        Component(
            names[str(r.get("component_id"))],
            impact.get(str(r.get("component_id")), State.OPERATIONAL),
            sections.get(str(r.get("section_id"))) or None,
        )
        for r in rows
    )
    return Reading(
        indicator=None,
        components=components,
        incidents=tuple(incidents),
        maintenances=tuple(maintenances),
    )


def _affected(change: dict[str, Any], names: dict[str, str]) -> list[tuple[str, State]]:
    rows = optional(change, "affected_components", list, "change", [])
    return [
        (str(r.get("component_id")), vocabulary(STATUS, r.get("status"), State.DEGRADED))
        for r in rows
        if isinstance(r, dict) and r.get("component_id") is not None
    ]


def _latest(change: dict[str, Any]) -> str:
    updates = [u for u in optional(change, "updates", list, "change", []) if isinstance(u, dict)]
    newest = max(updates, key=lambda u: _number(u.get("at_seconds")), default={})
    return clean_text(newest.get("description") or change.get("description"), 500)


def _number(value: object) -> float:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else 0.0


def _link(base_url: str, change_id: object) -> str:
    if isinstance(change_id, int | str) and str(change_id).isdigit():
        return f"{base_url}/incidents/{change_id}"
    return base_url
