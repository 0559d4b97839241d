"""Making text from status pages safe to show: no markup, no control characters, bounded."""

from __future__ import annotations

import re
import unicodedata

_BREAK_TAGS = re.compile(r"<[ \t\r\n]{0,8}(?:br|/p|/div|/li|/h\d)[ \t\r\n/]{0,8}>", re.IGNORECASE)
_SPACES = re.compile(r"\s+")
# Markdown that is unmistakably markup: a heading's hashes, bold asterisks, code backticks.
# Single "_", "*" and "#" are left alone: they are part of names ("Claude_Code", "C#").
_MARKDOWN = re.compile(r"(?m)^[ \t]{0,3}#{1,6}[ \t]+|\*\*|`+")
# Text longer than this is cut before any pattern or unescaping runs: a page's title or update
# is never this long, and the work stays proportional to what is shown.
INPUT_FACTOR = 8
MIN_INPUT = 2048


def clean_text(value: object, limit: int = 500) -> str:
    """Plain, single-line text of at most ``limit`` characters.

    Strips HTML tags and entities, Markdown headings, bold and code marks, and control/format
    characters (which includes bidi overrides that could disguise a message), collapses
    whitespace and cuts on a word boundary with an ellipsis. Single ``_ * #`` stay: in
    "Claude_Code" or "C#" they are names, not markup.
    """
    if not isinstance(value, str):
        return ""
    text = value[: max(MIN_INPUT, limit * INPUT_FACTOR)]
    text = _BREAK_TAGS.sub(" ", text)
    text = strip_tags(text)
    if "&" in text:
        # Imported only for text with entities: the module's table of 2,000 entities costs
        # a third of a MiB that most pages never need.
        import html

        text = html.unescape(text)
        text = strip_tags(text)  # entities can hide tags: "&lt;b&gt;"
    text = _MARKDOWN.sub("", text)
    return clean_line(text, limit)


def strip_tags(text: str) -> str:
    """``text`` without ``<...>`` tags, in one pass.

    The same as removing every match of ``<[^>]*>``, without the regular expression's
    quadratic rescans of a text full of "<" and no ">".
    """
    parts: list[str] = []
    done = 0
    while (start := text.find("<", done)) >= 0:
        end = text.find(">", start + 1)
        if end < 0:
            break
        parts.append(text[done:start])
        done = end + 1
    parts.append(text[done:])
    return "".join(parts)


def clean_line(value: str, limit: int = 500) -> str:
    """``value`` as one line of plain characters, at most ``limit`` long; markup is kept.

    The one sanitiser for messages that may quote a server (errors, notes): control and format
    characters (C0, C1, bidi overrides, line and paragraph separators) become spaces.
    """
    text = value[: max(MIN_INPUT, limit * INPUT_FACTOR)]
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
