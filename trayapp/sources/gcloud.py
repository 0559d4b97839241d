"""Google status dashboards: ``incidents.json``, filtered by one product id.

Google Cloud (status.cloud.google.com, the Vertex "Gemini API") and Google Workspace
(www.google.com/appsstatus/dashboard, the Gemini app) publish the same document: a rolling array
of incidents, one open while it has no ``end``. Items whose products cannot be read are skipped
(Workspace items can carry ``"affected_products": null``), never fatal for the whole page.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from trayapp.core.i18n import _
from trayapp.core.model import Component, Endpoint, Incident, ProviderSpec, Reading, State
from trayapp.core.text import clean_text
from trayapp.sources._parse import SourceFormatError, field, objects, parse_time, vocabulary

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
        raise SourceFormatError(
            _("{where}: expected an array, got {got}").format(
                where="incidents.json", got=type(doc).__name__
            )
        )
    product_title = spec.name
    incidents = []
    for item in objects(doc, "incidents"):
        # Every real item has these; a list of something else is not an incidents.json.
        field(item, "id", str, "incidents[]")
        field(item, "begin", str, "incidents[]")
        mine = _my_products(item, spec.product)
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
                title=clean_text(item.get("external_desc"), 200) or _("Google incident"),
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


def _my_products(item: dict[str, Any], product: str | None) -> list[dict[str, Any]]:
    """The item's entries for ``product``; [] when it has none or they are unreadable."""
    products = item.get("affected_products")
    if isinstance(products, list):
        return [p for p in products if isinstance(p, dict) and p.get("id") == product]
    # No usable product list: the item's own service key is the only trustworthy link.
    if product and item.get("service_key") == product:
        return [{"title": item.get("service_name")}]
    return []
