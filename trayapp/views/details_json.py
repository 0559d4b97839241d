"""The details view as JSON, the form in which the tray sends it to the window.

Reading is strict and bounded (the text comes from another process): a document that is too
large, too deep or not what :func:`dumps` writes raises :class:`ValueError`; texts are cleaned
again and links checked again, so nothing the window shows depends on the sender being ours.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from trayapp.core.model import State
from trayapp.core.text import clean_line, safe_link
from trayapp.views.details_view import (
    ERROR_LIMIT,
    NAME_LIMIT,
    TITLE_LIMIT,
    UPDATE_LIMIT,
    ComponentRow,
    DetailsView,
    IncidentRow,
    Link,
    MaintenanceRow,
    ProviderCard,
    Uptime,
)

VERSION = 1
MAX_BYTES = 4 * 1024 * 1024
MAX_ITEMS = 500  # in any one list: providers, components, incidents, days


def dumps(view: DetailsView) -> str:
    return json.dumps(_view(view), ensure_ascii=False, separators=(",", ":"))


def _time(when: datetime | None) -> str | None:
    return when.isoformat() if when is not None else None


def _state(state: State | None) -> str | None:
    return state.value if state is not None else None


def _link(link: Link) -> dict[str, Any]:
    return {"name": link.name, "url": link.url}


def _view(view: DetailsView) -> dict[str, Any]:
    return {
        "version": VERSION,
        "overall": _state(view.overall),
        "checked_at": _time(view.checked_at),
        "up_now": [_link(a) for a in view.up_now],
        "paused_until": _time(view.paused_until),
        "notifications": view.notifications,
        "problem": view.problem,
        "providers": [_card(p) for p in view.providers],
    }


def _card(p: ProviderCard) -> dict[str, Any]:
    return {
        "id": p.id,
        "name": p.name,
        "state": p.state.value,
        "checked_at": _time(p.checked_at),
        "since": _time(p.since),
        "since_exact": p.since_exact,
        "muted": p.muted,
        "muted_in_settings": p.muted_in_settings,
        "unconfirmed": p.unconfirmed,
        "error": p.error,
        "notes": list(p.notes),
        "components": [{"name": c.name, "state": c.state.value} for c in p.components],
        "components_left": p.components_left,
        "incidents": [
            {
                "title": i.title,
                "status": i.status,
                "impact": i.impact.value,
                "started_at": _time(i.started_at),
                "latest_update": i.latest_update,
                "url": i.url,
            }
            for i in p.incidents
        ],
        "maintenances": [
            {
                "title": m.title,
                "in_progress": m.in_progress,
                "starts_at": _time(m.starts_at),
                "url": m.url,
            }
            for m in p.maintenances
        ],
        "other_incidents": p.other_incidents,
        "status_page": p.status_page,
        "alternatives": [_link(a) for a in p.alternatives],
        "uptime": [
            {
                "days": u.days,
                "uptime": u.uptime,
                "observed": u.observed,
                "cells": [_state(c) for c in u.cells],
            }
            for u in p.uptime
        ],
        "outages": p.outages,
    }


# -- reading ---------------------------------------------------------------------------------
def loads(text: str | bytes) -> DetailsView:
    """The view in ``text``; :class:`ValueError` says what is wrong with it."""
    if len(text) > MAX_BYTES:
        raise ValueError(f"details larger than {MAX_BYTES // (1024 * 1024)} MiB")
    try:
        data = json.loads(text)
    except RecursionError:
        raise ValueError("details nested too deeply") from None
    doc = _Reader(data, "details")
    if doc.whole("version") != VERSION:
        raise ValueError("details in an unknown version")
    return DetailsView(
        overall=doc.maybe_state("overall"),
        checked_at=doc.time("checked_at"),
        providers=tuple(_read_card(r) for r in doc.objects("providers")),
        up_now=tuple(_read_link(r) for r in doc.objects("up_now")),
        paused_until=doc.time("paused_until"),
        notifications=doc.flag("notifications"),
        problem=doc.maybe_text("problem", ERROR_LIMIT),
    )


def _read_link(r: _Reader) -> Link:
    url = safe_link(r.text("url", 2048))
    if url is None:
        raise ValueError(f"{r.where}: not an http(s) link")
    return Link(r.text("name", NAME_LIMIT), url)


def _read_card(r: _Reader) -> ProviderCard:
    return ProviderCard(
        id=r.text("id", NAME_LIMIT),
        name=r.text("name", NAME_LIMIT),
        state=r.state("state"),
        checked_at=r.time("checked_at"),
        since=r.time("since"),
        since_exact=r.flag("since_exact"),
        muted=r.flag("muted"),
        muted_in_settings=r.flag("muted_in_settings"),
        unconfirmed=r.flag("unconfirmed"),
        error=r.maybe_text("error", ERROR_LIMIT),
        notes=tuple(clean_line(n, ERROR_LIMIT) for n in r.texts("notes")),
        components=tuple(
            ComponentRow(c.text("name", NAME_LIMIT), c.state("state"))
            for c in r.objects("components")
        ),
        components_left=r.whole("components_left"),
        incidents=tuple(
            IncidentRow(
                title=i.text("title", TITLE_LIMIT),
                status=i.text("status", NAME_LIMIT),
                impact=i.state("impact"),
                started_at=i.time("started_at"),
                latest_update=i.text("latest_update", UPDATE_LIMIT),
                url=safe_link(i.maybe_text("url", 2048)),
            )
            for i in r.objects("incidents")
        ),
        maintenances=tuple(
            MaintenanceRow(
                m.text("title", TITLE_LIMIT),
                m.flag("in_progress"),
                m.time("starts_at"),
                safe_link(m.maybe_text("url", 2048)),
            )
            for m in r.objects("maintenances")
        ),
        other_incidents=r.whole("other_incidents"),
        status_page=safe_link(r.maybe_text("status_page", 2048)),
        alternatives=tuple(_read_link(a) for a in r.objects("alternatives")),
        uptime=tuple(
            Uptime(
                u.whole("days"),
                u.number("uptime", optional=True),
                u.number("observed") or 0.0,
                tuple(u.cell(c) for c in u.array("cells")),
            )
            for u in r.objects("uptime")
        ),
        outages=r.whole("outages"),
    )


class _Reader:
    """One JSON object, read field by field with its place named in errors."""

    def __init__(self, data: Any, where: str) -> None:
        if not isinstance(data, dict):
            raise ValueError(f"{where}: expected an object")
        self.data = data
        self.where = where

    def _get(self, key: str, kinds: type | tuple[type, ...], optional: bool) -> Any:
        value = self.data.get(key)
        if value is None and optional:
            return None
        wanted = kinds if isinstance(kinds, tuple) else (kinds,)
        if not isinstance(value, wanted) or (isinstance(value, bool) and bool not in wanted):
            raise ValueError(f"{self.where}.{key}: missing or of the wrong type")
        return value

    def text(self, key: str, limit: int) -> str:
        return clean_line(self._get(key, str, False), limit)

    def maybe_text(self, key: str, limit: int) -> str | None:
        value = self._get(key, str, True)
        return clean_line(value, limit) if value is not None else None

    def flag(self, key: str) -> bool:
        return bool(self._get(key, bool, False))

    def whole(self, key: str) -> int:
        value = int(self._get(key, int, False))
        if not 0 <= value <= 10**9:
            raise ValueError(f"{self.where}.{key}: out of range")
        return value

    def number(self, key: str, optional: bool = False) -> float | None:
        value = self._get(key, (int, float), optional)
        if value is None:
            return None
        if not 0.0 <= float(value) <= 100.0:
            raise ValueError(f"{self.where}.{key}: out of range")
        return float(value)

    def state(self, key: str) -> State:
        return _parse_state(self._get(key, str, False), f"{self.where}.{key}")

    def maybe_state(self, key: str) -> State | None:
        value = self._get(key, str, True)
        return _parse_state(value, f"{self.where}.{key}") if value is not None else None

    def cell(self, value: Any) -> State | None:
        if value is None:
            return None
        if not isinstance(value, str):
            raise ValueError(f"{self.where}.cells: expected states")
        return _parse_state(value, f"{self.where}.cells")

    def time(self, key: str) -> datetime | None:
        value = self._get(key, str, True)
        if value is None:
            return None
        try:
            when = datetime.fromisoformat(value[:64])
        except ValueError:
            raise ValueError(f"{self.where}.{key}: not a time") from None
        if when.tzinfo is None:
            raise ValueError(f"{self.where}.{key}: a time without a UTC offset")
        return when

    def array(self, key: str) -> list[Any]:
        value: list[Any] = self._get(key, list, False)
        if len(value) > MAX_ITEMS:
            raise ValueError(f"{self.where}.{key}: more than {MAX_ITEMS} entries")
        return value

    def texts(self, key: str) -> list[str]:
        values = self.array(key)
        if not all(isinstance(v, str) for v in values):
            raise ValueError(f"{self.where}.{key}: expected texts")
        return values

    def objects(self, key: str) -> list[_Reader]:
        return [_Reader(v, f"{self.where}.{key}[{n}]") for n, v in enumerate(self.array(key))]


def _parse_state(value: str, where: str) -> State:
    try:
        return State(value)
    except ValueError:
        raise ValueError(f"{where}: unknown state {value[:40]!r}") from None
