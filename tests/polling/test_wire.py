"""On the wire: HTTP/2 where the server offers it, connections kept between looks, gzip, and a
User-Agent that says who is asking. Real TLS servers on loopback."""

from __future__ import annotations

import asyncio
import time

from tests.conftest import make_spec
from tests.h2server import H2Server, tls_pair
from tests.polling.test_poller import Clock
from tests.statusserver import StatusServer, fixture
from trayapp.core.model import Endpoint
from trayapp.polling.fetch import KEEP_IDLE, USER_AGENT, Fetcher, make_client
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


def test_a_connection_is_kept_between_looks_longer_than_httpx_keeps_it():
    server_tls, client_tls, _ca = tls_pair()
    assert KEEP_IDLE > 5 * 60  # the next look comes within the data saver's five minutes
    with StatusServer(tls=server_tls) as server:
        server.set_statuspage("", "statuspage/healthy.json")

        async def run() -> None:
            async with make_client(verify=client_tls) as client:
                fetcher = Fetcher(client)
                await fetcher.get(statuspage.endpoints(make_spec("statuspage", server.url))[0])
                await asyncio.sleep(6)  # httpx's own default drops an idle connection after 5 s
                await fetcher.get(statuspage.endpoints(make_spec("statuspage", server.url))[0])

        started = time.monotonic()
        asyncio.run(run())
        assert time.monotonic() - started >= 6
    # Same client port: no new TCP connection, no new TLS handshake (~3-6 KB each).
    assert len(set(server.peers[STATUS])) == 1, server.peers


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
