"""Work the settings window does off its UI thread: network look-ups and the keyring.

Each job runs on a daemon thread, bounded in time, and hands its outcome back to the GTK main
loop (``GLib.idle_add``), so the window never freezes on a slow page or a hung keyring.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from datetime import UTC, datetime
from typing import TypeVar

from trayapp.core.i18n import _
from trayapp.core.model import ProviderSpec, Reading
from trayapp.core.text import clean_text
from trayapp.polling.add_page import DEADLINE, MAX_COMPONENTS, find
from trayapp.polling.add_page import Found as Found  # re-exported for the window

log = logging.getLogger(__name__)

T = TypeVar("T")


def in_background(job: Callable[[], T], done: Callable[[T | Exception], None]) -> None:
    """Run ``job`` on a thread; ``done`` gets its result (or exception) on the UI thread."""
    from gi.repository import GLib

    def work() -> None:
        try:
            outcome: T | Exception = job()
        except Exception as exc:
            log.info("a settings task failed: %s", type(exc).__name__)
            outcome = exc

        def deliver() -> bool:
            done(outcome)
            return False  # once

        GLib.idle_add(deliver)

    threading.Thread(target=work, name="settings-task", daemon=True).start()


class NotFound(Exception):
    """The page's components could not be had; the message is for the user."""


def detect(
    url: str, watched: Iterable[ProviderSpec], catalogue: Mapping[str, ProviderSpec]
) -> Found:
    """The page at ``url``, found as ``ai-status-tray add`` finds it (``polling/add_page.py``:
    https assumed, a page already watched refused, the page's own name); raises ``NotAdded``
    with a message for the user."""
    return find(url, watched, catalogue)


def page_components(spec: ProviderSpec) -> tuple[str, ...]:
    """Every component ``spec``'s page lists now: read from the page itself (its main URL, then
    its fallbacks), not from a poll, which keeps only the watched ones, at most as many as the
    tray shows, and fails on any remark of its own."""
    from trayapp import sources
    from trayapp.polling.detect import detect, fetch_documents
    from trayapp.polling.fetch import Fetcher, FetchError, make_client

    whole = replace(spec, components=(), own_components=False, probe=None, fallback_urls=())
    now = datetime.now(UTC)

    async def one(fetcher: Fetcher, page: ProviderSpec) -> Reading:
        if page.type == sources.AUTO_TYPE:
            found = await detect(fetcher, page, now)
            if found is None:
                message = _("no supported status page format answered at {url}")
                raise NotFound(message.format(url=page.url))
            return found[1]
        endpoints = sources.SOURCES[page.type].endpoints(page)
        return sources.read(page, await fetch_documents(fetcher, endpoints), now)

    async def read() -> Reading:
        problem: Exception | None = None
        async with make_client() as client:
            fetcher = Fetcher(client)
            for url in (spec.url, *spec.fallback_urls):
                try:
                    return await one(fetcher, replace(whole, url=url))
                except (FetchError, sources.SourceFormatError, NotFound) as exc:
                    problem = problem or exc  # the main URL's problem is the one said
        raise NotFound(str(problem) if problem else _("no answer"))

    async def bounded() -> Reading:
        return await asyncio.wait_for(read(), DEADLINE)

    try:
        reading = asyncio.run(bounded())
    except TimeoutError:
        raise NotFound(_("the page did not answer in time")) from None
    names = [clean_text(c.name, 120) for c in reading.components][:MAX_COMPONENTS]
    return tuple(dict.fromkeys(n for n in names if n))
