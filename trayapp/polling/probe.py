"""API probes over HTTP: one tiny, bounded GET per provider per poll through the shared client.

Any answer from the service (200, 401, 403, 404...) means reachable; 5xx, resets and timeouts
mean failing. No credential is sent unless the user stored one for that provider in the OS
keyring (service ``ai-status-tray``, user = the provider id); it is never read from the config
file and never logged. What the answers mean over time is pure logic in ``core/probe.py``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import httpx

from trayapp.core.model import FailureKind, ProbeReading, ProviderSpec, ProviderStatus
from trayapp.core.probe import advance, answer_ok
from trayapp.core.urls import host_of, url_problem
from trayapp.polling.connection import send
from trayapp.polling.fetch import parse_retry_after
from trayapp.settings.api_keys import SERVICE

log = logging.getLogger(__name__)

KEYRING_SERVICE = SERVICE  # where settings/api_keys.py keeps them
DEADLINE = 8.0
MAX_BODY = 4096  # bytes read at most: the answer's status line is all that matters
KEYRING_TIMEOUT = 5.0
# How each API expects a key; any other host gets a bearer token.
_KEY_HEADERS: dict[str, Callable[[str], dict[str, str]]] = {
    "api.anthropic.com": lambda key: {"x-api-key": key, "anthropic-version": "2023-06-01"},
    "generativelanguage.googleapis.com": lambda key: {"x-goog-api-key": key},
}


@dataclass(frozen=True)
class Answer:
    """One probe's outcome: ``ok`` (the service answered) and a short detail for the user."""

    ok: bool
    detail: str
    retry_after: float | None = None


def key_headers(url: str, key: str | None) -> dict[str, str]:
    """The headers that carry ``key`` to ``url``'s API (none without a key)."""
    if not key:
        return {}
    make = _KEY_HEADERS.get(host_of(url))
    return make(key) if make else {"Authorization": f"Bearer {key}"}


def stored_key(provider_id: str) -> str | None:
    """The user's API key for ``provider_id`` from the OS keyring; None if none or no keyring."""
    try:
        import keyring

        return keyring.get_password(KEYRING_SERVICE, provider_id) or None
    except Exception as exc:  # no backend, a locked store, a D-Bus hiccup: probe without a key
        log.debug("no API key from the keyring for %s (%s)", provider_id, type(exc).__name__)
        return None


async def ask(
    client: httpx.AsyncClient, url: str, headers: Mapping[str, str], deadline: float = DEADLINE
) -> Answer:
    """Send one small GET to ``url`` and classify what came back (or did not)."""
    host = host_of(url)
    try:
        async with asyncio.timeout(deadline):
            request = client.build_request("GET", url, headers={"Accept": "*/*", **headers})
            response = await send(client, request)
            try:
                read = 0
                async for chunk in response.aiter_raw():  # bounded: a few KB at most
                    read += len(chunk)
                    if read >= MAX_BODY:
                        break
            finally:
                await response.aclose()
    except (TimeoutError, httpx.TimeoutException):
        return Answer(False, f"{host} did not answer within {deadline:g} s")
    except httpx.ConnectError:
        return Answer(False, f"could not connect to {host}")
    except httpx.HTTPError:
        return Answer(False, f"the connection to {host} was reset")
    code = response.status_code
    retry_after = parse_retry_after(response.headers.get("retry-after"), datetime.now(UTC))
    return Answer(answer_ok(code), f"{host} answered HTTP {code}", retry_after)


async def _off_loop(
    lookup: Callable[[str], str | None], provider_id: str, timeout: float
) -> str | None:
    """``lookup(provider_id)`` on a daemon thread, None after ``timeout``.

    A keyring may sit behind a slow or hung D-Bus call; a daemon thread (not the loop's executor,
    which is joined at exit) means a hung one can delay neither polling nor quitting.
    """
    loop = asyncio.get_running_loop()
    answer: asyncio.Future[str | None] = loop.create_future()

    def settle(key: str | None) -> None:
        if not answer.done():
            answer.set_result(key)

    def work() -> None:
        try:
            key = lookup(provider_id)
        except Exception as exc:  # never the key itself: only what kind of failure it was
            log.debug("keyring lookup for %s failed (%s)", provider_id, type(exc).__name__)
            key = None
        with contextlib.suppress(RuntimeError):  # the loop is gone: nobody waits any more
            loop.call_soon_threadsafe(settle, key)

    threading.Thread(target=work, name="keyring", daemon=True).start()
    try:
        return await asyncio.wait_for(answer, timeout)
    except TimeoutError:
        log.warning("the keyring did not answer within %g s; probing without a key", timeout)
        return None


class Prober:
    """Probes the providers that name an API endpoint and keeps each probe's reading.

    The poller calls :meth:`check` beside each page fetch (so probes share the page's backoff)
    and :meth:`settle` once per round, when it knows whether other hosts answered.
    """

    def __init__(
        self,
        client: httpx.AsyncClient,
        key_for: Callable[[str], str | None] = stored_key,
        deadline: float = DEADLINE,
        keyring_timeout: float = KEYRING_TIMEOUT,
    ) -> None:
        self._client = client
        self._deadline = deadline
        self._keyring_timeout = keyring_timeout
        self._key_for = key_for
        self._headers: dict[str, dict[str, str]] = {}
        self._readings: dict[str, ProbeReading] = {}
        self._answers: dict[str, Answer] = {}
        self._not_before: dict[str, datetime] = {}

    def reading(self, provider_id: str) -> ProbeReading | None:
        return self._readings.get(provider_id)

    async def check(self, spec: ProviderSpec, now: datetime) -> None:
        """Probe ``spec``'s API once (if it has one and the API did not ask us to wait)."""
        url = spec.probe
        if not url or url_problem(url):
            return
        waiting = self._not_before.get(spec.id)
        if waiting is not None and now < waiting:
            return
        headers = self._headers.get(spec.id)
        if headers is None:
            key = await _off_loop(self._key_for, spec.id, self._keyring_timeout)
            headers = self._headers[spec.id] = key_headers(url, key)
        answer = await ask(self._client, url, headers, self._deadline)
        self._answers[spec.id] = answer
        if answer.retry_after:
            self._not_before[spec.id] = now + timedelta(seconds=answer.retry_after)

    def settle(
        self, specs: Iterable[ProviderSpec], pages: Mapping[str, ProviderStatus], now: datetime
    ) -> None:
        """Fold this round's answers into the readings.

        A failure counts only if some other host answered in the round: a status page (even
        with an error, as long as it was not a network failure) or another provider's probe.
        """
        answers, self._answers = self._answers, {}
        pages_answered = {
            pid for pid, status in pages.items() if status.failure is not FailureKind.NETWORK
        }
        probes_answered = {pid for pid, answer in answers.items() if answer.ok}
        for spec in specs:
            answer = answers.get(spec.id)
            if answer is None or not spec.probe:
                continue
            others = bool(pages_answered or probes_answered - {spec.id})
            before = self._readings.get(spec.id)
            if before is None or before.url != spec.probe:
                before = ProbeReading(spec.probe)
            self._readings[spec.id] = advance(before, answer.ok, answer.detail, others, now)
            if not answer.ok:
                log.info("%s: API probe failing: %s", spec.id, answer.detail)
