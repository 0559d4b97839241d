"""Work the settings window does off its UI thread: network look-ups and the keyring.

Each job runs on a daemon thread, bounded in time, and hands its outcome back to the GTK main
loop (``GLib.idle_add``), so the window never freezes on a slow page or a hung keyring.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import TypeVar

from trayapp.core.i18n import _
from trayapp.core.model import ProviderSpec, Reading
from trayapp.core.text import clean_text
from trayapp.core.urls import url_problem
from trayapp.settings.config_append import name_from_url, provider_id

log = logging.getLogger(__name__)

T = TypeVar("T")
DETECT_DEADLINE = 40.0  # seconds: a dozen well-known documents, each bounded by the fetcher
MAX_COMPONENTS = 200


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


@dataclass(frozen=True)
class Found:
    """A status page found by address: how to read it and what it lists."""

    spec: ProviderSpec
    components: tuple[str, ...]


class NotFound(Exception):
    """No supported format answered; the message is for the user."""


def detect(url: str, taken: set[str]) -> Found:
    """The platform and components of the status page at ``url`` (``ai-status-tray add``'s
    detection). Raises NotFound with a message for the user."""
    from trayapp.polling.detect import find_page

    url = url.strip()
    problem = url_problem(url)
    if problem:
        raise NotFound(problem)
    name = name_from_url(url)

    async def bounded() -> tuple[ProviderSpec, Reading] | None:
        return await asyncio.wait_for(
            find_page(url.rstrip("/"), name, datetime.now(UTC)), DETECT_DEADLINE
        )

    try:
        result = asyncio.run(bounded())
    except TimeoutError:
        raise NotFound(_("the page did not answer in time")) from None
    if result is None:
        raise NotFound(_("no supported status page format answered at {url}").format(url=url))
    used, reading = result
    spec = replace(used, id=provider_id(name, taken), name=name)
    names = [clean_text(c.name, 120) for c in reading.components][:MAX_COMPONENTS]
    return Found(spec, tuple(dict.fromkeys(names)))


def page_components(spec: ProviderSpec) -> tuple[str, ...]:
    """Every component ``spec``'s page lists now (not only the watched ones)."""
    from trayapp.polling.oneshot import poll_once
    from trayapp.settings.config import Config

    whole = replace(spec, components=(), own_components=False, probe=None)
    snapshot = poll_once(Config(providers=(whole,), poll_interval=60))
    status = snapshot.providers[0] if snapshot.providers else None
    if status is None or status.error:
        raise NotFound(status.error if status and status.error else _("no answer"))
    names = [clean_text(c.name, 120) for c in status.components][:MAX_COMPONENTS]
    return tuple(dict.fromkeys(names))
