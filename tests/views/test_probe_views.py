"""A provider the API probe doubts: the menu and the terminal say why it is degraded."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from trayapp.core.aggregate import build_snapshot
from trayapp.core.model import ProbeReading, ProviderStatus, State
from trayapp.core.probe import apply_probe
from trayapp.views.menu_model import Entry, MenuState, build
from trayapp.views.report import table, to_json

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
FAILING = ProbeReading(
    "https://api.openai.com/v1/models",
    ok=False,
    detail="api.openai.com answered HTTP 503",
    failing_since=NOW,
    failures=3,
)
REMARK = "API not answering — not yet on the status page (api.openai.com answered HTTP 503)"


def doubted() -> ProviderStatus:
    page = ProviderStatus("openai", "ChatGPT", State.OPERATIONAL, NOW, "https://status.openai.com")
    return apply_probe(page, FAILING)


def texts(entries: tuple[Entry, ...]) -> list[str]:
    found = []
    for entry in entries:
        found.append(entry.text)
        found += texts(entry.children)
    return found


def test_the_menu_and_the_table_explain_an_unconfirmed_problem():
    snapshot = build_snapshot([doubted()], NOW)
    menu = texts(build(snapshot, MenuState(), NOW))
    assert any(t.startswith(f"⚠ {REMARK[:60]}") for t in menu), menu  # cut to the menu's width
    assert REMARK[:40] in table(snapshot, NOW, width=160)
    provider = to_json(snapshot)["providers"][0]
    assert provider["state"] == "degraded" and provider["unconfirmed"] is True
    assert provider["error"] == REMARK
    assert provider["notes"] == ["API not answering — not yet on the status page"]
    assert provider["probe"] == {
        "url": "https://api.openai.com/v1/models",
        "ok": False,
        "detail": "api.openai.com answered HTTP 503",
        "failing_since": "2026-11-20T09:00:00+00:00",
    }


def test_nothing_is_said_while_the_probe_is_fine():
    page = ProviderStatus("openai", "ChatGPT", State.OPERATIONAL, NOW, "https://status.openai.com")
    fine = apply_probe(page, replace(FAILING, ok=True, failures=0, detail="answered HTTP 401"))
    assert fine.error is None and fine.probe is not None
    snapshot = build_snapshot([fine], NOW)
    assert not any("API not answering" in t for t in texts(build(snapshot, MenuState(), NOW)))
    assert "API not answering" not in table(snapshot, NOW)
