"""Making text from status pages safe to show: no markup, no control characters, bounded."""

from __future__ import annotations

import html
import re
import unicodedata

_TAG = re.compile(r"<[^>]*>")
_BREAK_TAGS = re.compile(r"<\s*(br|/p|/div|/li|/h\d)\s*/?\s*>", re.IGNORECASE)
_MARKDOWN = re.compile(r"(\\?[#*_`]){1,}")
_SPACES = re.compile(r"\s+")


def clean_text(value: object, limit: int = 500) -> str:
    """Plain, single-line text of at most ``limit`` characters.

    Strips HTML tags and entities, Markdown emphasis and control/format characters (which
    includes bidi overrides that could disguise a message), collapses whitespace and cuts on a
    word boundary with an ellipsis.
    """
    if not isinstance(value, str):
        return ""
    text = _BREAK_TAGS.sub(" ", value)
    text = _TAG.sub("", text)
    text = html.unescape(text)
    text = _TAG.sub("", text)  # entities can hide tags: "&lt;b&gt;"
    text = _MARKDOWN.sub("", text)
    text = "".join(
        " " if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") else ch for ch in text
    )
    text = _SPACES.sub(" ", text).strip()
    return cut(text, limit)


def cut(text: str, limit: int) -> str:
    """Shorten to ``limit`` characters, ending with an ellipsis when something was cut."""
    if len(text) <= limit:
        return text
    if limit <= 1:
        return text[:limit]
    head = text[: limit - 1]
    space = head.rfind(" ")
    if space > limit * 0.6:
        head = head[:space]
    return head.rstrip(" ,.;:-") + "…"


def safe_link(value: object) -> str | None:
    """``value`` if it is an absolute http(s) URL without whitespace or control characters."""
    if not isinstance(value, str):
        return None
    link = value.strip()
    lowered = link.lower()
    if not (lowered.startswith("https://") or lowered.startswith("http://")):
        return None
    if any(ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf") for ch in link):
        return None
    if len(link) > 2048 or len(link) <= len("https://"):
        return None
    return link
