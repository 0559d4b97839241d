"""Tooltip and menu header: one-line summaries of a snapshot."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from tests.views.sample import NOW, SNAPSHOT, provider
from trayapp.core.aggregate import build_snapshot
from trayapp.core.model import State
from trayapp.views.summary import header, tooltip


def test_tooltip_is_one_line_worst_first_and_counts_unknowns():
    assert tooltip(SNAPSHOT) == "ChatGPT: major outage · Gemini: unknown · Claude: operational"
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


def test_header_shows_the_check_time_absolute_in_the_zone_of_now_with_its_name():
    jakarta = NOW.astimezone(ZoneInfo("Asia/Jakarta"))
    assert header(SNAPSHOT, jakarta) == "Major outage (1 of 3 unknown) — checked 21:05 WIB"
    berlin = NOW.astimezone(ZoneInfo("Europe/Berlin"))
    assert header(SNAPSHOT, berlin) == "Major outage (1 of 3 unknown) — checked 15:05 CET"


def test_a_long_tooltip_counts_maintenance_apart_from_operational():
    many = build_snapshot(
        [
            provider(f"p{i}", f"Provider number {i}", state)
            for i, state in enumerate(
                [State.DEGRADED] + [State.MAINTENANCE] * 2 + [State.OPERATIONAL] * 10
            )
        ],
        NOW,
    )
    assert tooltip(many) == "Provider number 0: degraded · 10 operational · 2 in maintenance"
