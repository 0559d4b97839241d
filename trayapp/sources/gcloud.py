"""Google Cloud status: ``incidents.json``, filtered by one product id (Gemini and friends).

The document is a rolling array of incidents; one is open while it has no ``end``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from trayapp.core.model import Component, Endpoint, Incident, ProviderSpec, Reading, State
from trayapp.core.text import clean_text
from trayapp.sources._parse import SourceFormatError, objects, parse_time, vocabulary

IMPACT = {
    "service_information": State.DEGRADED,
    "service_disruption": State.PARTIAL_OUTAGE,
    "service_outage": State.MAJOR_OUTAGE,
    # Open incident whose latest word is "available": recovering, still worth showing.
    "available": State.DEGRADED,
}


def endpoints(spec: ProviderSpec) -> tuple[Endpoint, ...]:
    return (Endpoint(f"{spec.url}/incidents.json"),)


def parse(spec: ProviderSpec, documents: Sequence[Any], now: datetime) -> Reading:
    doc = documents[0]
    if not isinstance(doc, list):
        raise SourceFormatError(f"incidents.json: expected an array, got {type(doc).__name__}")
    product_title = spec.name
    incidents = []
    for item in objects(doc, "incidents"):
        products = item.get("affected_products")
        if not isinstance(products, list):
            raise SourceFormatError("incidents[]: missing 'affected_products'")
        mine = [p for p in products if isinstance(p, dict) and p.get("id") == spec.product]
        if not mine:
            continue
        product_title = clean_text(mine[0].get("title"), 120) or product_title
        if item.get("end"):
            continue
        latest = item.get("most_recent_update")
        latest = latest if isinstance(latest, dict) else {}
        word = latest.get("status") or item.get("status_impact")
        uri = item.get("uri")
        incidents.append(
            Incident(
                title=clean_text(item.get("external_desc"), 200) or "Google Cloud incident",
                impact=vocabulary(IMPACT, word, State.DEGRADED),
                status="monitoring" if str(word).upper() == "AVAILABLE" else "investigating",
                started_at=parse_time(item.get("begin")),
                latest_update=clean_text(latest.get("text"), 500),
                url=f"{spec.url}/{uri}" if isinstance(uri, str) and "//" not in uri else spec.url,
            )
        )
    worst = max((i.impact for i in incidents), key=lambda s: s.severity, default=State.OPERATIONAL)
    return Reading(
        indicator=State.OPERATIONAL,
        components=(Component(product_title, worst),),
        incidents=tuple(incidents),
    )
