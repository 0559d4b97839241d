"""API probes against a real loopback server: what counts as an answer, keys, rounds."""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import keyring
import pytest
from keyring.backend import KeyringBackend

from tests.conftest import make_spec
from tests.polling.test_poller import Clock
from tests.statusserver import Route, StatusServer
from trayapp.core.model import ProviderSpec, Snapshot, State
from trayapp.polling.fetch import Fetcher, make_client
from trayapp.polling.poller import Poller
from trayapp.polling.probe import KEYRING_SERVICE, Prober, ask, key_headers, stored_key

SUMMARY = "/api/v2/summary.json"
API = "/v1/models"


@pytest.mark.parametrize(
    ("route", "ok", "detail"),
    [
        (Route(status=200, body=b'{"data": []}'), True, "answered HTTP 200"),
        (Route(status=401, body=b'{"error": "no key"}'), True, "answered HTTP 401"),
        (Route(status=403, body=b"forbidden", content_type="text/html"), True, "HTTP 403"),
        (Route(status=404, body=b"not found"), True, "answered HTTP 404"),
        (Route(status=500, body=b"oops"), False, "answered HTTP 500"),
        (Route(status=503, body=b"down"), False, "answered HTTP 503"),
        (Route(behaviour="hang"), False, "did not answer within 1 s"),
        (Route(behaviour="huge"), True, "answered HTTP 200"),  # read a few KB, then let go
    ],
)
def test_answers_mean_reachable_5xx_and_timeouts_mean_failing(
    server: StatusServer, route: Route, ok: bool, detail: str
):
    server.set(API, route)

    async def run():
        async with make_client() as client:
            return await ask(client, server.url + API, {}, deadline=1.0)

    answer = asyncio.run(run())
    assert answer.ok is ok
    assert detail in answer.detail


def test_a_refused_connection_is_a_failure():
    with StatusServer() as gone:
        url = gone.url + API

    async def run():
        async with make_client() as client:
            return await ask(client, url, {}, deadline=2.0)

    answer = asyncio.run(run())
    assert not answer.ok and answer.detail.startswith("could not connect to 127.0.0.1")


def rounds(
    server: StatusServer,
    specs: list[ProviderSpec],
    steps: list[Callable[[], None]],
    key_for: Callable[[str], str | None] = lambda pid: None,
) -> list[Snapshot]:
    clock = Clock()

    async def run():
        async with make_client() as client:
            prober = Prober(client, key_for=key_for, deadline=1.0)
            poller = Poller(
                specs,
                Fetcher(client, deadline=2.0, monotonic=clock.monotonic, wall=clock.wall),
                60,
                clock=clock,
                monotonic=clock.monotonic,
            )
            poller.prober = prober
            results = []
            for step in steps:
                step()
                results.append(await poller.poll())
                clock.advance(60)
            return results

    return asyncio.run(run())


def test_three_failures_while_the_page_answers_make_the_provider_degraded(server: StatusServer):
    spec = make_spec("statuspage", server.url, id="anthropic", probe=server.url + API)
    server.set_fixture(SUMMARY, "statuspage/healthy.json")
    up = lambda: server.set(API, Route(status=401, body=b"{}"))
    down = lambda: server.set(API, Route(status=503, body=b"overloaded"))
    results = rounds(server, [spec], [up, down, down, down, up])
    shown = [r.providers[0] for r in results]
    assert [s.state for s in shown] == [State.OPERATIONAL] * 3 + [
        State.DEGRADED,
        State.OPERATIONAL,
    ]
    doubted = shown[3]
    assert doubted.unconfirmed
    assert doubted.notes == ("API not answering — not yet on the status page",)
    assert doubted.probe is not None
    assert doubted.probe.detail == f"{server.url[7:]} answered HTTP 503"
    assert doubted.probe.failing_since == datetime(2026, 11, 20, 12, 1, tzinfo=UTC)
    assert shown[4].probe is not None and shown[4].probe.ok is True
    assert server.hits[API] == 5 and server.hits[SUMMARY] == 5


def test_nothing_answering_is_the_users_network_not_the_api():
    with StatusServer() as gone:
        url = gone.url
    spec = make_spec("statuspage", url, id="openai", probe=url + API)
    results = rounds(gone, [spec], [lambda: None] * 4)
    final = results[-1].providers[0]
    assert final.state is State.UNKNOWN and not final.unconfirmed
    assert final.probe is not None and final.probe.failures == 0
    assert results[-1].overall is State.OFFLINE


def test_a_provider_without_a_probe_is_never_probed(server: StatusServer):
    server.set_fixture(SUMMARY, "statuspage/healthy.json")
    results = rounds(server, [make_spec("statuspage", server.url)], [lambda: None])
    assert results[0].providers[0].probe is None and server.hits[API] == 0


class MemoryKeyring(KeyringBackend):
    """A real keyring backend that keeps its secrets in memory, for the length of a test."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.secrets.pop((service, username), None)


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    before = keyring.get_keyring()
    store = MemoryKeyring()
    keyring.set_keyring(store)
    yield store
    keyring.set_keyring(before)


def test_a_key_goes_only_from_the_keyring_to_its_own_api_and_never_to_the_log(
    server: StatusServer, memory_keyring: MemoryKeyring, caplog: pytest.LogCaptureFixture
):
    secret = "sk-test-0123456789abcdef"
    memory_keyring.set_password(KEYRING_SERVICE, "openai", secret)
    with_key = make_spec("statuspage", server.url + "/a", id="openai", probe=server.url + API)
    without = make_spec("statuspage", server.url + "/b", id="groq", probe=server.url + "/groq")
    server.set(API, Route(status=503, body=b"down"))
    server.set("/groq", Route(status=401, body=b"{}"))
    caplog.set_level(logging.DEBUG)
    rounds(server, [with_key, without], [lambda: None] * 2, key_for=stored_key)
    assert server.last_headers[API]["Authorization"] == f"Bearer {secret}"
    assert "Authorization" not in server.last_headers["/groq"]
    assert all(secret not in r.getMessage() for r in caplog.records)
    assert secret not in caplog.text


def test_each_api_gets_the_key_in_its_own_header():
    assert key_headers("https://api.anthropic.com/v1/models", "k")["x-api-key"] == "k"
    assert key_headers("https://generativelanguage.googleapis.com/", "k") == {"x-goog-api-key": "k"}
    assert key_headers("https://api.openai.com/v1/models", "k") == {"Authorization": "Bearer k"}
    assert key_headers("https://api.openai.com/v1/models", None) == {}


def test_a_broken_keyring_means_no_key(monkeypatch: pytest.MonkeyPatch):
    def broken(service: str, user: str) -> str:
        raise keyring.errors.KeyringLocked("locked")

    monkeypatch.setattr(keyring, "get_password", broken)
    assert stored_key("openai") is None


def test_the_probe_respects_the_apis_retry_after(server: StatusServer):
    spec = make_spec("statuspage", server.url, id="openai", probe=server.url + API)
    server.set_fixture(SUMMARY, "statuspage/healthy.json")
    server.set(API, Route(status=429, body=b"{}", headers={"Retry-After": "150"}))
    rounds(server, [spec], [lambda: None] * 4)
    assert server.hits[API] == 2  # t=0 (429), then t=180; t=60 and t=120 wait
    assert server.hits[SUMMARY] == 4


def test_the_probe_shares_its_pages_backoff(server: StatusServer):
    spec = make_spec("statuspage", server.url, id="openai", probe=server.url + API)
    server.set(SUMMARY, Route(status=429, body=b"{}", headers={"Retry-After": "150"}))
    server.set(API, Route(status=401, body=b"{}"))
    rounds(server, [spec], [lambda: None] * 4)
    assert server.hits[SUMMARY] == server.hits[API] == 2


def test_a_hung_keyring_delays_neither_the_probe_nor_the_exit(server: StatusServer):
    release = threading.Event()

    def hung(pid: str) -> str | None:
        release.wait(30)
        return "sk-late"

    server.set(API, Route(status=401, body=b"{}"))
    spec = make_spec("statuspage", server.url, id="openai", probe=server.url + API)

    async def run():
        async with make_client() as client:
            prober = Prober(client, key_for=hung, keyring_timeout=0.5)
            await prober.check(spec, datetime(2026, 11, 20, 12, 0, tzinfo=UTC))

    started = time.monotonic()
    asyncio.run(run())
    assert time.monotonic() - started < 5
    assert "Authorization" not in server.last_headers[API]
    release.set()
