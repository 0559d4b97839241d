"""RSS 2.0 and Atom feeds, matched by keywords (Azure OpenAI, xAI, Statuspage history feeds).

A feed has no machine-readable impact. An entry is open unless its newest status word says it is
resolved or completed, and it is recent (Azure lists items only while they are active; history
feeds keep them, so age limits what counts). Impact is read from the wording: "major outage" is a
major outage, "outage"/"unavailable"/"down" a partial outage, anything else degraded.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from trayapp.core.model import Endpoint, Incident, Maintenance, ProviderSpec, Reading, State
from trayapp.core.text import clean_text, safe_link
from trayapp.sources._parse import SourceFormatError, parse_time

OPEN_FOR = timedelta(hours=24)
ATOM = "{http://www.w3.org/2005/Atom}"
# Status words are short; patterns see only a bounded, stripped slice, so they stay linear.
_WORD = re.compile(r"[A-Za-z][A-Za-z ]{0,39}")
_LEADING_WORD = re.compile(r"\[?([A-Za-z][A-Za-z ]{0,39}?) ?\]? ?[-:]")
MAX_BODY = 20_000  # characters of an entry's body looked at: the newest update comes first
_CLOSED = {"resolved", "completed", "postmortem"}
_MAINTENANCE = {"scheduled", "in progress", "verifying"}


def endpoints(spec: ProviderSpec) -> tuple[Endpoint, ...]:
    return (Endpoint(spec.url, kind="xml"),)


def parse(spec: ProviderSpec, documents: Sequence[Any], now: datetime) -> Reading:
    root = documents[0]
    if not isinstance(root, ET.Element):
        raise SourceFormatError("feed: expected an XML document")
    if root.tag == "rss":
        channel = root.find("channel")
        if channel is None:
            raise SourceFormatError("feed: RSS without <channel>")
        entries = [_rss_entry(item) for item in channel.findall("item")]
        updated = parse_time(channel.findtext("lastBuildDate"))
    elif root.tag == f"{ATOM}feed":
        entries = [_atom_entry(item) for item in root.findall(f"{ATOM}entry")]
        updated = parse_time(root.findtext(f"{ATOM}updated"))
    else:
        raise SourceFormatError(f"feed: expected <rss> or Atom <feed>, got <{root.tag}>")

    keywords = [k.casefold() for k in spec.match]
    incidents = []
    maintenances = []
    for title, body, link, when in entries:
        text = f"{title} {body}".casefold()
        if keywords and not any(k in text for k in keywords):
            continue
        if when is not None and now - when > OPEN_FOR:
            continue
        word = _status_word(body) or _status_word(title)
        if word in _CLOSED:
            continue
        clean_title = clean_text(title, 200) or "Status update"
        if word in _MAINTENANCE:
            maintenances.append(
                Maintenance(
                    title=clean_title,
                    status="in_progress" if word != "scheduled" else "scheduled",
                    starts_at=when,
                    url=link,
                )
            )
            continue
        incidents.append(
            Incident(
                title=clean_title,
                impact=_impact(text),
                status=word or "investigating",
                started_at=when,
                latest_update=clean_text(_newest_paragraph(body), 500),
                url=link,
            )
        )
    return Reading(
        indicator=State.OPERATIONAL,
        incidents=tuple(incidents),
        maintenances=tuple(maintenances),
        updated_at=updated,
    )


def _rss_entry(item: ET.Element) -> tuple[str, str, str | None, datetime | None]:
    return (
        item.findtext("title") or "",
        item.findtext("description") or "",
        safe_link(item.findtext("link")),
        parse_time(item.findtext("pubDate")),
    )


def _atom_entry(item: ET.Element) -> tuple[str, str, str | None, datetime | None]:
    link = item.find(f"{ATOM}link")
    return (
        item.findtext(f"{ATOM}title") or "",
        item.findtext(f"{ATOM}content") or item.findtext(f"{ATOM}summary") or "",
        safe_link(link.get("href") if link is not None else None),
        parse_time(item.findtext(f"{ATOM}updated") or item.findtext(f"{ATOM}published")),
    )


def _status_word(text: str) -> str | None:
    """The newest update's status ("Resolved", "Investigating", ...), when the text has one."""
    text = text[:MAX_BODY]
    start = text.find("<strong>")
    if start >= 0:
        end = text.find("</strong>", start)
        inner = text[start + len("<strong>") : end].strip() if end >= 0 else ""
        if _WORD.fullmatch(inner):
            return " ".join(inner.split()).casefold()
    match = _LEADING_WORD.match(text.lstrip()[:64])
    if not match:
        return None
    return match.group(1).strip().casefold() or None


def _newest_paragraph(body: str) -> str:
    first = body[:MAX_BODY].split("</p>", 1)[0]
    parts: list[str] = []
    done = 0
    while (start := first.find("<small>", done)) >= 0:
        end = first.find("</small>", start)
        if end < 0:
            break
        parts.append(first[done:start])
        done = end + len("</small>")
    parts.append(first[done:])
    return "".join(parts)


def _impact(text: str) -> State:
    if "major outage" in text:
        return State.MAJOR_OUTAGE
    if any(word in text for word in ("outage", "unavailable", " down")):
        return State.PARTIAL_OUTAGE
    return State.DEGRADED
