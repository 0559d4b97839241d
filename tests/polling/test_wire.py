"""On the wire: HTTP/2 where the server offers it, connections kept between looks, gzip, and a
User-Agent that says who is asking. Real TLS servers on loopback."""

from __future__ import annotations

import asyncio
import contextlib

from tests.conftest import make_spec
from tests.h2server import H2Server, tls_pair
from tests.polling.test_poller import Clock
from tests.statusserver import Route, StatusServer, fixture
from trayapp.core.model import Endpoint
from trayapp.polling.fetch import KEEP_IDLE, USER_AGENT, Fetcher, FetchError, make_client
from trayapp.sources import statuspage

SUMMARY, STATUS = "/api/v2/summary.json", "/api/v2/status.json"


def test_http2_is_taken_where_the_server_offers_it_one_connection_for_every_look():
    server_tls, client_tls, _ca = tls_pair()
    with StatusServer() as routes, H2Server(routes, server_tls) as h2:
        routes.set_statuspage("", "statuspage/github_copilot.json")
        endpoint = statuspage.endpoints(make_spec("statuspage", h2.url))[0]

        async def run() -> list[object]:
            clock = Clock()  # a minute between looks: max-age=10 has run out each time
            async with make_client(verify=client_tls) as client:
                fetcher = Fetcher(client, monotonic=clock.monotonic, wall=clock.wall)
                documents = []
                for _ in range(5):
                    documents.append(await fetcher.get(endpoint))
                    clock.advance(60)
                return documents

        documents = asyncio.run(run())
    assert all(d == documents[0] for d in documents)
    assert h2.protocols == ["h2"] and h2.connections == 1
    assert routes.hits[STATUS] == 5 and routes.conditional_hits[STATUS] == 4
    assert routes.hits[SUMMARY] == 1  # status.json said "unchanged" four times
    # gzip, as the real servers send it to clients that ask for it
    assert routes.body_bytes[SUMMARY] < len(fixture("statuspage/github_copilot.json")) / 2
    assert routes.last_headers[STATUS]["User-Agent"] == USER_AGENT


def test_a_connection_is_kept_between_looks_for_as_long_as_the_client_says():
    # The next look comes within the data saver's five minutes: httpx's own 5 s would make
    # every look pay a new TLS handshake (~3-6 KB).
    assert KEEP_IDLE > 5 * 60
    server_tls, client_tls, _ca = tls_pair()
    with StatusServer(tls=server_tls) as server:
        server.set_json("/kept", {"v": 1})
        server.set_json("/short", {"v": 1})

        async def look_twice(keep_idle: float | None, path: str) -> None:
            client = (
                make_client(verify=client_tls)  # the app's
                if keep_idle is None
                else make_client(verify=client_tls, keep_idle=keep_idle)
            )
            async with client:
                fetcher = Fetcher(client)
                await fetcher.get(Endpoint(server.url + path))
                await asyncio.sleep(1.0)  # idle longer than the short expiry (load: longer)
                await fetcher.get(Endpoint(server.url + path))

        async def run() -> None:
            await asyncio.gather(look_twice(None, "/kept"), look_twice(0.2, "/short"))

        asyncio.run(run())
    # The app's client: the same client port, so no new TCP connection and no new handshake.
    assert len(set(server.peers["/kept"])) == 1, server.peers
    # A client told to keep idle connections 0.2 s opened a new one: the setting is what counts.
    assert len(set(server.peers["/short"])) == 2, server.peers


def test_a_kept_connection_the_server_dropped_costs_nothing_but_a_new_one():
    # HTTP/2 pools do not notice an idle connection the server closed; the look that finds it
    # dead is sent again on a new one instead of failing (a failed look would show as unknown,
    # and failed API probes as "may be down").
    server_tls, client_tls, _ca = tls_pair()
    with StatusServer() as routes, H2Server(routes, server_tls) as h2:
        routes.set_json("/doc", {"v": 1})

        async def run() -> list[object]:
            async with make_client(verify=client_tls) as client:
                fetcher = Fetcher(client)
                documents = []
                for _ in range(3):
                    documents.append(await fetcher.get(Endpoint(h2.url + "/doc")))
                    h2.drop_connections()
                    await asyncio.sleep(0.2)
                return documents

        assert asyncio.run(run()) == [{"v": 1}] * 3
    assert h2.connections == 3 and routes.hits["/doc"] == 3


def test_over_http1_a_304_a_head_and_an_error_page_leave_the_connection_for_the_next_look():
    # An answer closed before it was read to its end takes its connection with it: each look
    # would then pay a new TLS handshake, more than the 304 saved.
    server_tls, client_tls, _ca = tls_pair()
    with StatusServer(tls=server_tls) as server:
        server.set_statuspage("", "statuspage/healthy.json")
        server.set("/gone", Route(status=500, body=b"x" * 3000, content_type="text/html"))
        google = Route(
            body=fixture("gcloud/healthy.json"),
            last_modified="Mon, 30 Nov 2026 09:00:00 GMT",
            ignores_conditionals=True,
            gzip=True,
        )
        server.set("/incidents.json", google)
        page = statuspage.endpoints(make_spec("statuspage", server.url))[0]

        async def run() -> None:
            clock = Clock()
            async with make_client(verify=client_tls, http2=False) as client:
                fetcher = Fetcher(client, monotonic=clock.monotonic, wall=clock.wall)
                for _ in range(4):
                    await fetcher.get(page)
                    await fetcher.get(Endpoint(server.url + "/incidents.json"))
                    with contextlib.suppress(FetchError):
                        await fetcher.get(Endpoint(server.url + "/gone"))
                    clock.advance(60)

        asyncio.run(run())
    assert server.conditional_hits[STATUS] == 3 and server.head_hits["/incidents.json"] == 2
    ports = {port for seen in server.peers.values() for port in seen}
    assert len(ports) == 1, server.peers
