"""Text sanitising, URL policy, backoff and time formatting: tables and properties."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trayapp.core.text import clean_text, cut, safe_link


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
