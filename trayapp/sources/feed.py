"""RSS 2.0 and Atom feeds, matched by keywords (Azure OpenAI, xAI, Statuspage history feeds).

A feed has no machine-readable impact; the state words are where real feeds put them:
``<h3>Status: RESOLVED</h3>`` (xAI), ``<p><strong>Status:</strong> resolved</p>`` (Flashcat),
a status ``<category>`` (xAI), ``<strong>Resolved</strong> - ...`` per update, newest first
(Statuspage history, whose interim posts say "Update"), or a title prefix ("Resolved: ...").
An entry that says it is resolved is never shown as open, and one that says it is open stays
open however old it is. Entries without any state word (Azure lists items only while they are
active) count as open while younger than :data:`WORDLESS_OPEN_FOR`.

Feeds that publish one item per affected service with the same ``guid`` (xAI: "[Service]
Title") are merged into one incident listing those services.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from trayapp.core.i18n import _
from trayapp.core.model import (
    Endpoint,
    Incident,
    Maintenance,
    ProviderSpec,
    Reading,
    Reason,
    State,
)
from trayapp.core.text import clean_text, safe_link
from trayapp.sources import feed_words
from trayapp.sources._parse import SourceFormatError, parse_time
from trayapp.sources.feed_words import CLOSED, IN_MAINTENANCE, OPEN, SCHEDULED

if TYPE_CHECKING:
    import xml.etree.ElementTree as ET

WORDLESS_OPEN_FOR = timedelta(days=7)
ATOM = "{http://www.w3.org/2005/Atom}"
# Only this much of an entry's text is searched: the state words are at its start.
SCAN = 20_000
MAX_ENTRIES = 500

_OPEN_BRACKETS = re.escape("[(（【「")
_CLOSE_BRACKETS = re.escape("])）】」")
_SEPARATORS = re.escape("-:–—：|")
_LABEL = "|".join(
    rf"\b{label}" if label.isascii() else re.escape(label) for label in feed_words.LABELS
)
# Where feeds put a state word; what is captured is looked up whole in feed_words.
# Bounded repeats keep these linear on hostile input.
_LABELLED = re.compile(
    rf"(?:{_LABEL})\s*[:：]\s*(?:</?\w+>\s*)*([^<\s][^<\n]{{0,59}})", re.IGNORECASE
)
_STRONG = re.compile(r"<strong>([^<]{1,80})</strong>", re.IGNORECASE)
_TITLE_PREFIX = re.compile(
    rf"^\s*(?:[{_OPEN_BRACKETS}]\s*([^{_CLOSE_BRACKETS}]{{1,40}}?)\s*[{_CLOSE_BRACKETS}]"
    rf"|([^{_SEPARATORS}]{{1,40}}?)\s*[{_SEPARATORS}])"
)
# "… (已恢复)" first, then "… - Resolved": a dash inside a name ("DeepSeek-R1") must not hide
# the bracket at the end.
_TITLE_SUFFIXES = (
    re.compile(
        rf"[{_OPEN_BRACKETS}]\s*([^{_OPEN_BRACKETS}{_CLOSE_BRACKETS}]{{1,40}}?)\s*"
        rf"[{_CLOSE_BRACKETS}]\s*$"
    ),
    re.compile(rf"[{_SEPARATORS}]\s*([^{_SEPARATORS}]{{1,40}}?)\s*$"),
)
# A labelled value ends where its sentence goes on: "Resolved - we fixed it", "已恢复，感谢".
_VALUE_END = re.compile(r"[.,;|–—，。；、!！]|\s-\s")
_SERVICE_PREFIX = re.compile(r"^\s*\[([^\]]{1,80})\]\s*")
_SEVERITY = re.compile(r"\bseverity\s*:\s*(?:</?\w+>\s*)*([A-Za-z]+)", re.IGNORECASE)


@dataclass(frozen=True)
class Entry:
    key: str
    title: str
    body: str
    link: str | None
    when: datetime | None
    categories: tuple[str, ...]


def endpoints(spec: ProviderSpec) -> tuple[Endpoint, ...]:
    return (Endpoint(spec.url, kind="xml"),)


def parse(spec: ProviderSpec, documents: Sequence[Any], now: datetime) -> Reading:
    entries, updated = read_entries(documents[0])
    keywords = [k.casefold() for k in spec.match]
    if keywords:
        entries = [
            e for e in entries if any(k in f"{e.title} {e.body}".casefold() for k in keywords)
        ]
    incidents: list[Incident] = []
    maintenances: list[Maintenance] = []
    undated: list[str] = []
    for group in _merged(entries):
        first = group[0]
        word = _most_open([status_word(e) for e in group])
        meaning = feed_words.meaning(word)
        if meaning == CLOSED:
            continue
        services = tuple(s for s in dict.fromkeys(_service(e.title) for e in group) if s)
        title = clean_text(_without_service(first.title), 200) or _("Status update")
        if word is None and first.when is None:
            # Neither a date nor a state: if it states a problem, the page may be down or may
            # have forgotten an old item. Not green, not red: unknown, and a note says why.
            if _stated(first) is not None:
                undated.append(title)
            continue
        if word is None and first.when is not None and now - first.when > WORDLESS_OPEN_FOR:
            continue
        if meaning in (SCHEDULED, IN_MAINTENANCE):
            maintenances.append(
                Maintenance(
                    title=title,
                    status="scheduled" if meaning == SCHEDULED else "in_progress",
                    starts_at=first.when,
                    url=first.link,
                    components=services,
                )
            )
            continue
        incidents.append(
            Incident(
                title=title,
                impact=_impact(first),
                status=word or "investigating",
                started_at=min((e.when for e in group if e.when), default=None),
                latest_update=clean_text(_latest_update(first.body), 500),
                url=first.link,
                components=services,
            )
        )
    notes = tuple(
        _("undated item “{title}” states a problem; whether it is current cannot be told").format(
            title=title
        )
        for title in undated[:3]
    )
    return Reading(
        indicator=State.UNKNOWN if undated else State.OPERATIONAL,
        incidents=tuple(incidents),
        maintenances=tuple(maintenances),
        updated_at=updated,
        notes=notes,
        reason=Reason.UNDATED if undated else None,
    )


def read_entries(root: Any) -> tuple[list[Entry], datetime | None]:
    """The entries of an RSS or Atom document, and when the feed says it was updated."""
    import xml.etree.ElementTree as ET  # here: most users watch no feed, so none is loaded

    if not isinstance(root, ET.Element):
        raise SourceFormatError(_("feed: expected an XML document"))
    if root.tag == "rss":
        channel = root.find("channel")
        if channel is None:
            raise SourceFormatError(_("feed: RSS without <channel>"))
        items = channel.findall("item")[:MAX_ENTRIES]
        return [_rss_entry(i) for i in items], parse_time(channel.findtext("lastBuildDate"))
    if root.tag == f"{ATOM}feed":
        items = root.findall(f"{ATOM}entry")[:MAX_ENTRIES]
        return [_atom_entry(i) for i in items], parse_time(root.findtext(f"{ATOM}updated"))
    raise SourceFormatError(
        _("feed: expected <rss> or Atom <feed>, got <{tag}>").format(tag=root.tag)
    )


def _rss_entry(item: ET.Element) -> Entry:
    title = item.findtext("title") or ""
    link = safe_link(item.findtext("link"))
    return Entry(
        key=(item.findtext("guid") or "").strip() or link or title,
        title=title,
        body=(item.findtext("description") or "")[:SCAN],
        link=link,
        when=parse_time(item.findtext("pubDate")),
        categories=tuple((c.text or "").strip() for c in item.findall("category")),
    )


def _atom_entry(item: ET.Element) -> Entry:
    link_element = item.find(f"{ATOM}link")
    link = safe_link(link_element.get("href") if link_element is not None else None)
    title = item.findtext(f"{ATOM}title") or ""
    body = item.findtext(f"{ATOM}content") or item.findtext(f"{ATOM}summary") or ""
    return Entry(
        key=(item.findtext(f"{ATOM}id") or "").strip() or link or title,
        title=title,
        body=body[:SCAN],
        link=link,
        when=parse_time(item.findtext(f"{ATOM}updated") or item.findtext(f"{ATOM}published")),
        categories=tuple(c.get("term", "") for c in item.findall(f"{ATOM}category")),
    )


def _merged(entries: list[Entry]) -> list[list[Entry]]:
    """Entries grouped by guid/id, in feed order (one item per affected service -> one)."""
    groups: dict[str, list[Entry]] = {}
    for entry in entries:
        groups.setdefault(entry.key, []).append(entry)
    return list(groups.values())


def _word(text: str | None) -> str | None:
    """``text`` as a known state word (normalised), or None."""
    if text is None:
        return None
    word = feed_words.normal(text)
    return word if feed_words.meaning(word) else None


def _value(text: str) -> str:
    return _VALUE_END.split(text, maxsplit=1)[0]


def status_word(entry: Entry) -> str | None:
    """The entry's current state word, from where feeds put it; None when it has none."""
    labelled = _LABELLED.search(entry.body)
    if labelled and _word(_value(labelled.group(1))):
        return _word(_value(labelled.group(1)))
    for category in entry.categories:
        if _word(category):
            return _word(category)
    for match in _STRONG.finditer(entry.body):  # newest update first (Statuspage)
        if _word(match.group(1)):
            return _word(match.group(1))
    title = _without_service(entry.title)
    for text in (entry.title[:200], title[:200], entry.body.lstrip()[:200]):
        prefix = _TITLE_PREFIX.match(text)  # "Monitoring - …", "[Identified]: …", "【已恢复】"
        if prefix and _word(prefix.group(1) or prefix.group(2)):
            return _word(prefix.group(1) or prefix.group(2))
    for pattern in _TITLE_SUFFIXES:  # "… (已恢复)", "… - Resolved"
        suffix = pattern.search(title[-200:])
        if suffix and _word(suffix.group(1)):
            return _word(suffix.group(1))
    return None


def _most_open(words: list[str | None]) -> str | None:
    """One state for a merged incident: open if any of its items says open."""
    for kinds in ((OPEN,), (SCHEDULED, IN_MAINTENANCE)):
        found = [w for w in words if feed_words.meaning(w) in kinds]
        if found:
            return found[0]
    if any(w is None for w in words):
        return None
    return words[0]


def _service(title: str) -> str:
    """The "[Service]" a title starts with (xAI), unless the brackets hold a state word."""
    match = _SERVICE_PREFIX.match(title)
    if not match or _word(match.group(1)):
        return ""
    return clean_text(match.group(1), 80)


def _without_service(title: str) -> str:
    return _SERVICE_PREFIX.sub("", title, count=1) if _service(title) else title


def _latest_update(body: str) -> str:
    if "<div>" in body:  # xAI: updates oldest first, each a <div> with a date and a heading
        newest = body.rsplit("<div>", 1)[1].split("</div>", 1)[0]
        # Bounded repeats keep these linear on hostile input.
        return re.sub(r"<p>\s*<strong>.{0,200}?</strong>\s*</p>|<h\d>.{0,200}?</h\d>", "", newest)
    first = body.split("</p>", 1)[0]
    return re.sub(r"<small>.{0,300}?</small>", "", first, flags=re.DOTALL)


def _stated(entry: Entry) -> State | None:
    """The state an entry states: its severity, a severity category, or words in its text."""
    severity = _SEVERITY.search(entry.body)
    for word in ([severity.group(1)] if severity else []) + list(entry.categories):
        state = feed_words.SEVERITY.get(word.strip().casefold())
        if state is not None:
            return state
    return feed_words.stated_state(f"{entry.title} {entry.body}")


def _impact(entry: Entry) -> State:
    return _stated(entry) or State.DEGRADED
