"""Tooltip, menu and details page: pure views of a snapshot."""

from __future__ import annotations

import html as html_lib
import re
import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from trayapp import details
from trayapp.aggregate import build_snapshot
from trayapp.menu_model import SEPARATOR, Action, Entry, MenuState, build
from trayapp.model import Component, FailureKind, Incident, ProviderStatus, State
from trayapp.summary import header, tooltip

NOW = datetime(2026, 11, 20, 14, 7, tzinfo=UTC)


def provider(pid: str, name: str, state: State, **kw) -> ProviderStatus:
    return ProviderStatus(
        id=pid,
        name=name,
        state=state,
        checked_at=NOW - timedelta(minutes=2),
        status_page=f"https://status.{pid}.example",
        chat_url=f"https://chat.{pid}.example",
        **kw,
    )


EVIL = '<script>alert("x")</script> Elevated errors'
SNAPSHOT = build_snapshot(
    [
        provider(
            "openai",
            "ChatGPT",
            State.MAJOR_OUTAGE,
            components=(
                Component("Conversations", State.MAJOR_OUTAGE, "ChatGPT"),
                Component("Chat Completions", State.OPERATIONAL, "APIs"),
            ),
            incidents=(
                Incident(
                    EVIL,
                    State.MAJOR_OUTAGE,
                    "investigating",
                    NOW - timedelta(minutes=47),
                    "We are on it.",
                    "https://status.openai.example/i/1",
                ),
                Incident("Bad link", State.DEGRADED, "identified", None, "", "javascript:alert(1)"),
            ),
        ),
        provider("anthropic", "Claude", State.OPERATIONAL),
        provider(
            "gemini",
            "Gemini",
            State.UNKNOWN,
            error="status.cloud.google.com timed out",
            failure=FailureKind.NETWORK,
        ),
    ],
    NOW - timedelta(minutes=2),
)


def test_tooltip_is_one_line_worst_first_and_counts_unknowns():
    assert tooltip(SNAPSHOT) == "ChatGPT: major outage · Claude: operational · 1 unknown"
    assert tooltip(None) == "AI Status Tray: checking…"


def test_tooltip_stays_within_the_platform_limit():
    many = build_snapshot(
        [
            provider(
                f"p{i}", f"Provider number {i}", State.DEGRADED if i < 2 else State.OPERATIONAL
            )
            for i in range(15)
        ],
        NOW,
    )
    text = tooltip(many)
    assert len(text) <= 127
    assert text == "Provider number 0: degraded · Provider number 1: degraded · 13 operational"


def test_header_in_local_time_with_age(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("TZ", "Asia/Jakarta")
    import time

    time.tzset()
    try:
        assert header(SNAPSHOT, NOW) == "Major outage (1 unknown) — checked 21:05 (2 min ago)"
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()


def flatten(entries, depth=0):
    for e in entries:
        yield depth, e
        yield from flatten(e.children, depth + 1)


def test_menu_structure():
    entries = build(SNAPSHOT, MenuState(muted=frozenset({"anthropic"})), NOW)
    top = [e.text for e in entries if e is not SEPARATOR]
    assert top[0].startswith("Major outage (1 unknown) — checked")
    assert top[1:4] == ["✖ ChatGPT — major outage", "✔ Claude — operational", "? Gemini — unknown"]
    assert top[4:] == [
        "Use instead",
        "Show details…",
        "Refresh now",
        "Pause notifications",
        "Start at login",
        "Open settings",
        "About AI Status Tray",
        "Quit",
    ]
    chatgpt = entries[2]
    texts = [c.text for c in chatgpt.children if c is not SEPARATOR]
    assert texts[0] == "✖ Conversations: major outage"
    assert texts[2].startswith('alert("x") Elevated errors (investigating, since')
    incident = next(c for c in chatgpt.children if "Elevated errors" in c.text)
    assert incident.action == Action("open_url", "https://status.openai.example/i/1")
    bad = next(c for c in chatgpt.children if c.text.startswith("Bad link"))
    assert bad.action is None and not bad.enabled, "a javascript: link is never offered"
    assert [c.text for c in chatgpt.children[-2:]] == ["Open status page", "Mute notifications"]
    claude_mute = entries[3].children[-1]
    assert claude_mute.checked is True and claude_mute.action == Action("toggle_mute", "anthropic")
    gemini = [c.text for c in entries[4].children]
    assert "⚠ status.cloud.google.com timed out" in gemini
    locked = build(SNAPSHOT, MenuState(muted_in_settings=frozenset({"anthropic"})), NOW)[
        3
    ].children[-1]
    assert (locked.text, locked.checked, locked.enabled, locked.action) == (
        "Muted in settings",
        True,
        False,
        None,
    )
    default = [e for _, e in flatten(entries) if e.default]
    assert [e.text for e in default] == ["Show details…"]


def test_use_instead_lists_operational_chat_services_even_when_all_is_well():
    entries = build(SNAPSHOT, MenuState(), NOW)
    use = next(e for e in entries if e.text == "Use instead")
    assert [(c.text, c.action) for c in use.children] == [
        ("Claude", Action("open_url", "https://chat.anthropic.example"))
    ]
    calm = build_snapshot(
        [
            provider("anthropic", "Claude", State.OPERATIONAL),
            provider("gemini", "Gemini", State.OPERATIONAL),
        ],
        NOW,
    )
    use = next(e for e in build(calm, MenuState(), NOW) if e.text == "Use instead")
    assert [c.text for c in use.children] == ["Claude", "Gemini"]


def test_pause_submenu():
    paused = build(SNAPSHOT, MenuState(paused_until=NOW + timedelta(hours=1)), NOW)
    pause = next(e for e in paused if e.text.startswith("Notifications paused until"))
    assert [c.text for c in pause.children] == ["For 1 hour", "Until tomorrow 08:00", "Resume"]
    assert pause.children[2].enabled
    assert pause.children[0].action == Action("pause", (NOW + timedelta(hours=1)).isoformat())


def test_menu_before_the_first_poll():
    entries = build(None, MenuState(), NOW)
    assert entries[0] == Entry("Checking status pages…", enabled=False)


def test_details_page_is_self_contained_escaped_and_only_links_http():
    page = details.render(SNAPSHOT, NOW)
    assert "<script>" not in page
    assert html_lib.escape('<script>alert("x")</script>') in page
    assert "javascript:" not in page
    assert not re.search(r'(src|href)="(?!https?://|#)', page), "no local or network assets"
    assert "@media (prefers-color-scheme: dark)" in page
    assert 'href="https://chat.anthropic.example"' in page
    assert "status.cloud.google.com timed out" in page


def test_details_page_in_a_real_browser(tmp_path: Path):
    """Chromium renders the page: the text a user reads is there, links intact, no script ran."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    assert chromium, "chromium is missing: run scripts/test, which installs it"
    page = details.write(tmp_path / "details.html", details.render(SNAPSHOT, NOW))
    common = [
        chromium,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}",
    ]
    dom = subprocess.run(
        [*common, "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=60
    ).stdout
    assert "ChatGPT" in dom and "major outage" in dom and "We are on it." in dom
    assert "<script>" not in dom
    shot = tmp_path / "details.png"
    subprocess.run(
        [*common, f"--screenshot={shot}", "--window-size=900,900", page.as_uri()],
        capture_output=True,
        timeout=60,
    )
    assert shot.exists() and shot.stat().st_size > 10_000
    artifacts = Path(__file__).parent / "artifacts"
    artifacts.mkdir(exist_ok=True)
    shutil.copy(shot, artifacts / "details.png")
