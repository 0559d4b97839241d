"""Text sanitising, URL policy, backoff and time formatting: tables and properties."""

from __future__ import annotations

import random
import re
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trayapp.backoff import MAX_RETRY_AFTER, parse_retry_after, retry_delay
from trayapp.text import clean_text, cut, safe_link
from trayapp.timefmt import ago, duration
from trayapp.urls import redact, redirect_problem, url_problem


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("<b>Down</b> &amp; out", "Down & out"),
        ("&lt;script&gt;alert(1)&lt;/script&gt;", "alert(1)"),
        ("line one\nline\ttwo\x00\x07", "line one line two"),
        ("evil\u202etxt.exe", "evil txt.exe"),
        ("## Heading **bold** _it_", "Heading bold it"),
        (None, ""),
        (42, ""),
    ],
)
def test_clean_text(raw, expected):
    assert clean_text(raw) == expected


@given(st.text(max_size=400), st.integers(1, 300))
def test_clean_text_is_bounded_single_line_and_markup_free(raw, limit):
    text = clean_text(raw, limit)
    assert len(text) <= limit
    assert "\n" not in text
    assert not re.search(r"<[a-zA-Z/][^>]*>", text)
    assert all(ord(ch) >= 32 for ch in text)


def test_cut_ends_with_an_ellipsis_on_a_word_boundary():
    assert (
        cut("ChatGPT is experiencing elevated error rates today", 30) == "ChatGPT is experiencing…"
    )
    assert cut("short", 30) == "short"


@pytest.mark.parametrize(
    ("link", "ok"),
    [
        ("https://status.openai.com/incidents/1", True),
        ("http://127.0.0.1:8080/x", True),
        ("javascript:alert(1)", False),
        ("file:///etc/passwd", False),
        ("https://a.example/\nx", False),
        ("", False),
    ],
)
def test_safe_link(link, ok):
    assert (safe_link(link) is not None) is ok


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("https://status.claude.com", None),
        ("http://127.0.0.1:9/x", None),
        ("http://localhost/x", None),
        ("http://[::1]:80/x", None),
        ("http://status.claude.com", "plain http is allowed only for loopback hosts; use https"),
        ("ftp://x.example", "unsupported scheme 'ftp'; use https"),
        ("status.claude.com", "not an absolute URL (expected https://host/...)"),
        ("http://127.0.0.1:99999/", "not a valid URL (Port out of range 0-65535)"),
    ],
)
def test_url_policy(url, problem):
    assert url_problem(url) == problem


def test_redirects_never_downgrade_and_redact_secrets():
    assert redirect_problem("https://a.example/x", "https://b.example/y") is None
    assert "https to plain http" in (
        redirect_problem("https://localhost/x", "http://localhost/y") or ""
    )
    assert redact("https://user:secret@a.example/p?token=abc") == "https://a.example/p"


def test_backoff_grows_with_jitter_and_honours_retry_after():
    rng = random.Random(1)
    assert retry_delay(1, 60, rand=rng) == 60
    delays = [retry_delay(n, 60, rand=rng) for n in range(2, 8)]
    assert all(d >= 48 for d in delays)
    assert delays[-1] <= 15 * 60 * 1.2
    assert retry_delay(1, 60, retry_after=600) == 600
    assert retry_delay(1, 60, retry_after=10**9) == MAX_RETRY_AFTER


def test_retry_after_parsing():
    now = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
    assert parse_retry_after("120") == 120
    assert parse_retry_after("Fri, 20 Nov 2026 12:02:00 GMT", now) == 120
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None


@pytest.mark.parametrize(
    ("minutes", "text"),
    [
        (0.2, "under a minute"),
        (47, "47 min"),
        (60, "1 h"),
        (125, "2 h 5 min"),
        (60 * 27, "1 d 3 h"),
    ],
)
def test_duration(minutes, text):
    assert duration(timedelta(minutes=minutes)) == text


def test_ago():
    now = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
    assert ago(now - timedelta(seconds=10), now) == "just now"
    assert ago(now - timedelta(minutes=2), now) == "2 min ago"
    assert ago(None, now) == "never"
