"""What a scenario's pages said at a given moment, written in each page's own format.

incident.io (OpenAI): the Statuspage-compatible ``/api/v2/summary.json`` and the ``/proxy/<host>``
document its front end loads; Atlassian Statuspage (Claude): ``/api/v2/summary.json``; Google's
dashboards (Gemini): ``incidents.json``. The shapes, ids and words follow the captures the
parsers are tested with, so the app reads a replay exactly as it reads the real pages.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from trayapp.core.model import State
from trayapp.demo.scenario import Incident, Scenario, Update

INCIDENTIO_WORDS = {
    State.OPERATIONAL: "operational",
    State.DEGRADED: "degraded_performance",
    State.PARTIAL_OUTAGE: "partial_outage",
    State.MAJOR_OUTAGE: "full_outage",
}
STATUSPAGE_WORDS = {**INCIDENTIO_WORDS, State.MAJOR_OUTAGE: "major_outage"}
INDICATORS = {
    State.OPERATIONAL: ("none", "All Systems Operational"),
    State.DEGRADED: ("minor", "Partially Degraded Service"),
    State.PARTIAL_OUTAGE: ("major", "Partial System Outage"),
    State.MAJOR_OUTAGE: ("critical", "Major System Outage"),
}
GOOGLE_WORDS = {
    State.DEGRADED: ("SERVICE_INFORMATION", "low"),
    State.PARTIAL_OUTAGE: ("SERVICE_DISRUPTION", "medium"),
    State.MAJOR_OUTAGE: ("SERVICE_OUTAGE", "high"),
}
_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_LOWER = "0123456789abcdefghijklmnopqrstuvwxyz"
_MIXED = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def ident(key: str, alphabet: str, length: int) -> str:
    """A stable id for ``key`` that looks like the platform's own."""
    number = int.from_bytes(hashlib.sha256(key.encode()).digest(), "big")
    chars = []
    for _ in range(length):
        number, rest = divmod(number, len(alphabet))
        chars.append(alphabet[rest])
    return "".join(chars)


def ulid(key: str) -> str:
    """incident.io's ids: 26 characters of Crockford's base 32 (ULIDs)."""
    return "01" + ident(key, _CROCKFORD, 24)


def stamp(when: datetime) -> str:
    """``2024-12-11T23:23:00.000Z``, as both platforms write times."""
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def _worst(states: dict[str, State]) -> State:
    return max(states.values(), key=lambda s: s.severity, default=State.OPERATIONAL)


def _last_change(scenario: Scenario, provider: str, when: datetime) -> datetime:
    times = [u.at for _i, shown in scenario.incidents_at(provider, when) for u in shown]
    return max(times, default=scenario.start)


def _open(
    scenario: Scenario, provider: str, when: datetime
) -> list[tuple[Incident, tuple[Update, ...]]]:
    return [
        (i, shown) for i, shown in scenario.incidents_at(provider, when) if not shown[-1].resolved
    ]


def _impact(shown: tuple[Update, ...]) -> State:
    """The worst any update so far gave a component (a page keeps an incident's impact)."""
    states = [state for update in shown for _name, state in update.affected]
    return max(states, key=lambda s: s.severity, default=State.DEGRADED)


# -- incident.io ---------------------------------------------------------------------------
def incidentio_summary(scenario: Scenario, provider: str, when: datetime, url: str) -> Any:
    page = scenario.pages[provider]
    page_id = ulid(f"{scenario.name}/{provider}")
    states = scenario.components_at(provider, when)
    updated = stamp(_last_change(scenario, provider, when))
    indicator, description = INDICATORS[_worst(states)]
    return {
        "components": [
            {
                "created_at": stamp(scenario.start),
                "id": ulid(f"{provider}/{name}"),
                "name": name,
                "page_id": page_id,
                "position": position,
                "status": INCIDENTIO_WORDS[states[name]],
                "updated_at": updated,
            }
            for position, name in enumerate(page.components)
        ],
        "page": {"id": page_id, "name": page.name, "updated_at": updated, "url": url + "/"},
        "status": {"description": description, "indicator": indicator},
    }


def incidentio_proxy(scenario: Scenario, provider: str, when: datetime, url: str) -> Any:
    page = scenario.pages[provider]
    page_id = ulid(f"{scenario.name}/{provider}")
    states = scenario.components_at(provider, when)

    def cid(name: str) -> str:
        return ulid(f"{provider}/{name}")

    items: list[dict[str, Any]] = []
    for group in page.groups:
        members = [{"component_id": cid(n), "name": n, "hidden": False} for n in group.components]
        if group.name is None:
            items += [{"component": m} for m in members]
        else:
            items.append(
                {
                    "group": {
                        "id": ulid(f"{provider}/group/{group.name}"),
                        "name": group.name,
                        "hidden": False,
                        "components": members,
                    }
                }
            )
    return {
        "summary": {
            "id": page_id,
            "name": page.name,
            "public_url": url + "/",
            "components": [
                {"id": cid(n), "name": n, "status_page_id": page_id} for n in page.components
            ],
            "affected_components": [
                {"component_id": cid(n), "status": INCIDENTIO_WORDS[s]}
                for n, s in states.items()
                if s is not State.OPERATIONAL
            ],
            "ongoing_incidents": [
                _incidentio_incident(i, shown, page_id, cid)
                for i, shown in _open(scenario, provider, when)
            ],
            "scheduled_maintenances": [],
            "structure": {"id": ulid(f"{provider}/structure"), "items": items},
        }
    }


def _incidentio_incident(
    incident: Incident, shown: tuple[Update, ...], page_id: str, cid: Callable[[str], str]
) -> dict[str, Any]:
    latest = shown[-1]
    return {
        "id": ulid(incident.id),
        "name": incident.name,
        "status": latest.status,
        "published_at": stamp(incident.published),
        "status_page_id": page_id,
        "type": "incident",
        "updates": [
            {
                "id": ulid(f"{incident.id}/{u.at.isoformat()}"),
                "published_at": stamp(u.at),
                "message_string": u.message,
                "to_status": u.status,
                "component_statuses": [
                    {"component_id": cid(n), "status": INCIDENTIO_WORDS[s]} for n, s in u.affected
                ],
            }
            for u in reversed(shown)
        ],
        "affected_components": [
            {
                "component_id": cid(name),
                "status": INCIDENTIO_WORDS[state],
                "current_status": INCIDENTIO_WORDS[state],
            }
            for name, state in latest.affected
        ],
    }


# -- Atlassian Statuspage ------------------------------------------------------------------
def statuspage_summary(scenario: Scenario, provider: str, when: datetime, url: str) -> Any:
    page = scenario.pages[provider]
    page_id = ident(f"{scenario.name}/{provider}", _LOWER, 12)
    states = scenario.components_at(provider, when)
    updated = stamp(_last_change(scenario, provider, when))
    components = {
        name: _sp_component(provider, name, states[name], page_id, updated)
        for name in page.components
    }
    rows: list[dict[str, Any]] = []
    for position, group in enumerate(page.groups):
        if group.name is not None:
            group_id = ident(f"{provider}/group/{group.name}", _LOWER, 12)
            rows.append(
                {
                    **_sp_component(provider, group.name, State.OPERATIONAL, page_id, updated),
                    "id": group_id,
                    "group": True,
                    "position": position,
                }
            )
            rows += [{**components[n], "group_id": group_id} for n in group.components]
        else:
            rows += [components[n] for n in group.components]
    incidents = [
        _sp_incident(i, shown, page_id, url, components)
        for i, shown in _open(scenario, provider, when)
    ]
    worst = max(
        [_worst(states), *(_impact(s) for _i, s in _open(scenario, provider, when))],
        key=lambda s: s.severity,
    )
    indicator, description = INDICATORS[worst]
    return {
        "page": {
            "id": page_id,
            "name": page.name,
            "url": url,
            "time_zone": "Etc/UTC",
            "updated_at": updated,
        },
        "components": rows,
        "incidents": incidents,
        "scheduled_maintenances": [],
        "status": {"indicator": indicator, "description": description},
    }


def _sp_component(
    provider: str, name: str, state: State, page_id: str, updated: str
) -> dict[str, Any]:
    return {
        "id": ident(f"{provider}/{name}", _LOWER, 12),
        "name": name,
        "status": STATUSPAGE_WORDS[state],
        "created_at": "2023-07-11T17:52:24.275Z",
        "updated_at": updated,
        "position": 1,
        "description": None,
        "showcase": True,
        "start_date": "2023-07-11",
        "group_id": None,
        "page_id": page_id,
        "group": False,
        "only_show_if_degraded": False,
    }


def _sp_incident(
    incident: Incident,
    shown: tuple[Update, ...],
    page_id: str,
    url: str,
    components: dict[str, dict[str, Any]],
) -> dict[str, Any]:
    incident_id = ident(incident.id, _LOWER, 12)
    latest = shown[-1]
    touched = list(dict.fromkeys(n for u in shown for n, _s in u.affected))
    updates = []
    before: dict[str, State] = {}
    for update in shown:
        changes = [
            {
                "code": components[n]["id"],
                "name": n,
                "old_status": STATUSPAGE_WORDS[before.get(n, State.OPERATIONAL)],
                "new_status": STATUSPAGE_WORDS[s],
            }
            for n, s in update.affected
        ]
        before.update(update.affected)
        updates.append(
            {
                "id": ident(f"{incident.id}/{update.at.isoformat()}", _LOWER, 12),
                "incident_id": incident_id,
                "status": update.status,
                "body": update.message,
                "created_at": stamp(update.at),
                "display_at": stamp(update.at),
                "updated_at": stamp(update.at),
                "affected_components": changes,
                "deliver_notifications": True,
            }
        )
    monitoring = next((u.at for u in shown if u.status == "monitoring"), None)
    return {
        "id": incident_id,
        "name": incident.name,
        "status": latest.status,
        "impact": INDICATORS[_impact(shown)][0],
        "created_at": stamp(incident.published),
        "started_at": stamp(incident.published),
        "updated_at": stamp(latest.at),
        "monitoring_at": stamp(monitoring) if monitoring else None,
        "resolved_at": None,
        "page_id": page_id,
        "shortlink": f"{url}/incidents/{incident_id}",
        "incident_updates": list(reversed(updates)),
        "components": [
            {
                **components[n],
                "status": STATUSPAGE_WORDS[dict(latest.affected).get(n, State.OPERATIONAL)],
            }
            for n in touched
        ],
    }


# -- Google's status dashboards ------------------------------------------------------------
def google_incidents(scenario: Scenario, provider: str, when: datetime, product: str) -> Any:
    """Every incident published so far, open or closed (Google keeps closed ones listed)."""
    title = scenario.pages[provider].components[0]
    items = []
    for incident, shown in scenario.incidents_at(provider, when):
        latest = shown[-1]
        impact, severity = _google(_impact(shown))
        updates = [
            {
                "created": _google_time(u.at),
                "modified": _google_time(u.at),
                "when": _google_time(u.at),
                "text": u.message,
                "status": "AVAILABLE" if u.resolved else _google(_impact((u,)))[0],
            }
            for u in reversed(shown)
        ]
        item_id = ident(incident.id, _MIXED, 20)
        items.append(
            {
                "id": item_id,
                "number": str(int(incident.id[:16], 16)),
                "begin": _google_time(incident.published),
                "created": _google_time(incident.published),
                "end": _google_time(latest.at) if latest.resolved else None,
                "modified": _google_time(latest.at),
                "external_desc": incident.name,
                "updates": updates,
                "most_recent_update": updates[0],
                "status_impact": impact,
                "severity": severity,
                "service_key": product,
                "service_name": title,
                "affected_products": [{"title": title, "id": product}],
                "uri": f"incidents/{item_id}",
            }
        )
    return list(reversed(items))


def _google(state: State) -> tuple[str, str]:
    """Google's impact and severity words; an open item is at least "information"."""
    return GOOGLE_WORDS[max(state, State.DEGRADED, key=lambda s: s.severity)]


def _google_time(when: datetime) -> str:
    return when.astimezone(UTC).isoformat(timespec="seconds")
