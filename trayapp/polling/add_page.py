"""Adding a status page by its address: what ``ai-status-tray add`` and the settings window's
"Add by URL" share, so that both take the same addresses and say the same things.

- An address without a scheme (``status.acme.ai``, as people paste it) is taken as https.
- A page already watched, or one the catalogue already has, is refused with its name.
- A refusal, a host that does not exist or a server that does not answer says nothing answered
  (and why); "no supported format" is kept for a server that did answer.
- The default name is the page's own (Statuspage's ``page.name``, Instatus's, Better Stack's
  company name) when it gives one, else one made from the host.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from urllib.parse import urlsplit

from trayapp.core.i18n import _
from trayapp.core.model import FailureKind, ProviderSpec, Reading
from trayapp.core.text import clean_text
from trayapp.core.urls import url_problem
from trayapp.polling.detect import find_page
from trayapp.polling.fetch import FetchError
from trayapp.settings.config_append import name_from_url, provider_id

DEADLINE = 40.0  # seconds: a dozen well-known documents, each bounded by the fetcher
MAX_COMPONENTS = 200
NAME_LIMIT = 80

BAD_ADDRESS, NOTHING_FOUND = 2, 1  # what ``add`` exits with


@dataclass(frozen=True)
class Found:
    """A status page found by its address: how to read it (with an id and a name) and the
    components it lists."""

    spec: ProviderSpec
    components: tuple[str, ...]


class NotAdded(Exception):
    """Why the page cannot be added, in words for the user; ``code`` for the command line."""

    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.code = code


def address(text: str) -> str:
    """What was typed or pasted, as an absolute URL: ``status.acme.ai`` → ``https://…``."""
    text = text.strip()
    if text and "://" not in text:
        text = "https://" + text.removeprefix("//")
    return text


def _page_key(url: str) -> tuple[str, str]:
    """Two addresses of one page compare equal: host and port without case or "www.", the
    path without its trailing slash; http and https alike."""
    parts = urlsplit(url)
    host = (parts.hostname or "").casefold().removeprefix("www.")
    port = f":{parts.port}" if parts.port and parts.port not in (80, 443) else ""
    return host + port, parts.path.rstrip("/")


def already_there(
    url: str, watched: Iterable[ProviderSpec], catalogue: Mapping[str, ProviderSpec]
) -> str | None:
    """Why ``url`` cannot be added again, or None: watched already, or in the catalogue."""
    key = _page_key(url)
    watched = tuple(watched)
    for spec in watched:
        if key in (_page_key(spec.url), _page_key(spec.status_page)):
            return _("already watched as {name}").format(name=spec.name)
    ids = {spec.id for spec in watched}
    for spec in catalogue.values():
        if spec.id not in ids and key in (_page_key(spec.url), _page_key(spec.status_page)):
            return _("the catalogue has it as {name}: switch that on instead").format(
                name=spec.name
            )
    return None


def find(
    text: str,
    watched: Iterable[ProviderSpec],
    catalogue: Mapping[str, ProviderSpec],
    name: str | None = None,
    product: str | None = None,
) -> Found:
    """The status page at the address ``text``, ready to add under a free id; raises
    :class:`NotAdded`. Blocks (up to :data:`DEADLINE`): run it off a UI thread."""
    url = address(text)
    problem = url_problem(url)
    if problem:
        raise NotAdded(problem, BAD_ADDRESS)
    watched = tuple(watched)
    duplicate = already_there(url, watched, catalogue)
    if duplicate:
        raise NotAdded(duplicate, BAD_ADDRESS)
    failures: list[FetchError] = []

    async def bounded() -> tuple[ProviderSpec, Reading] | None:
        return await asyncio.wait_for(
            find_page(url.rstrip("/"), "new", datetime.now(UTC), product, failures), DEADLINE
        )

    try:
        result = asyncio.run(bounded())
    except TimeoutError:
        raise NotAdded(_("the page did not answer in time"), NOTHING_FOUND) from None
    if result is None:
        raise NotAdded(_nothing_found(url, failures), NOTHING_FOUND)
    used, reading = result
    chosen = clean_text(name, NAME_LIMIT) if name else ""
    chosen = chosen or clean_text(reading.page_name, NAME_LIMIT) or name_from_url(url)
    taken = set(catalogue) | {spec.id for spec in watched}
    spec = replace(used, id=provider_id(chosen, taken), name=chosen)
    names = [clean_text(c.name, 120) for c in reading.components][:MAX_COMPONENTS]
    return Found(spec, tuple(dict.fromkeys(names)))


def _nothing_found(url: str, failures: list[FetchError]) -> str:
    if failures and failures[-1].kind is FailureKind.NETWORK:
        return _("nothing answered: {reason}").format(reason=failures[-1].message)
    if failures and failures[-1].challenge:
        return failures[-1].message
    return _("no supported status page format answered at {url}").format(url=url)
