"""Text sanitising, URL policy, backoff and time formatting: tables and properties."""

from __future__ import annotations

import pytest

from trayapp.core.urls import redact, redirect_problem, url_problem


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


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("http://me:pw@127.0.0.1:8080/feed.rss?token=abc#top", "http://127.0.0.1:8080/feed.rss"),
        ("http://me:pw@[::1]:8080/x", "http://[::1]:8080/x"),
        ("https://[2001:db8::1]/status", "https://[2001:db8::1]/status"),
        ("javascript:alert(1)", "javascript:alert(1)"),
        ("https://me:pw@a.example:99999/x", "(malformed URL)"),  # never raises: it is logged
    ],
)
def test_redact_keeps_the_address_and_drops_what_authenticates(url: str, shown: str):
    assert redact(url) == shown
