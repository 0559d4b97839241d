"""Network cost of the default set (ChatGPT, Claude, Gemini, GitHub Copilot) per hour.

The real poller, API prober and quick-look loop run through a simulated hour (60 regular polls,
time advanced by a fake clock) against loopback copies of the real payload sizes, behind a TCP
proxy that counts every byte in both directions (HTTP headers and bodies; TLS and compression
are not applied on loopback, so these are upper bounds on content and lower bounds on framing).

Payload sizes (facts from public captures, late 2026; see docs/performance.md, "Time to know"):
- status.openai.com (incident.io): /api/v2/summary.json 25 components of ~214 B -> ~5.6 KB,
  no ETag; /proxy/status.openai.com ~21.9 KB, no ETag.
- status.claude.com (Statuspage): summary ~4.5 KB, ETag answered with 304.
- status.cloud.google.com/incidents.json: ~170 KB rolling window; validators unknown, so none.
- www.githubstatus.com (Statuspage): summary of ~11 components, ~4 KB (estimate), ETag + 304.
- probes: 401/404 answers of ~150-1,600 B (JSON errors; Google's HTML 404).

Run by hand: ``.venv/bin/python -m bench.know_sooner_bytes``.
"""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta

from tests.polling.test_poller import Clock
from tests.statusserver import Route, StatusServer
from trayapp.core.model import ProviderSpec
from trayapp.polling.fetch import Fetcher, make_client
from trayapp.polling.poller import Poller
from trayapp.polling.probe import Prober
from trayapp.polling.sooner import QuickConfirmations

HOUR_POLLS = 60


def padded(shape: dict[str, object], size: int) -> bytes:
    """A JSON document of the given shape, padded to ``size`` bytes with a filler field."""
    body = json.dumps({**shape, "filler": ""}).encode()
    return json.dumps({**shape, "filler": "x" * max(0, size - len(body))}).encode()


HEALTHY_PAGE: dict[str, object] = {
    "page": {"id": "p", "name": "Status", "url": "https://status.example"},
    "status": {"indicator": "none", "description": "All Systems Operational"},
    "components": [],
    "incidents": [],
    "scheduled_maintenances": [],
}


class CountingProxy:
    """Forwards TCP connections to ``target_port`` and counts the bytes each way."""

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.up = 0
        self.down = 0
        self.server: asyncio.Server | None = None

    async def start(self) -> int:
        self.server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        return int(self.server.sockets[0].getsockname()[1])

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        upstream_reader, upstream_writer = await asyncio.open_connection(
            "127.0.0.1", self.target_port
        )

        async def pipe(src: asyncio.StreamReader, dst: asyncio.StreamWriter, up: bool) -> None:
            try:
                while data := await src.read(65536):
                    if up:
                        self.up += len(data)
                    else:
                        self.down += len(data)
                    dst.write(data)
                    await dst.drain()
            except (ConnectionError, asyncio.CancelledError):
                pass
            finally:
                dst.close()

        await asyncio.gather(
            pipe(reader, upstream_writer, True), pipe(upstream_reader, writer, False)
        )


def serve_default_set(server: StatusServer, host: str) -> None:
    server.set("/openai/api/v2/summary.json", Route(body=padded(HEALTHY_PAGE, 5600)))
    server.set(f"/openai/proxy/{host}", Route(body=padded({"summary": {}}, 21890)))
    server.set(
        "/anthropic/api/v2/summary.json", Route(body=padded(HEALTHY_PAGE, 4500), etag='"c1"')
    )
    server.set("/gcloud/incidents.json", Route(body=b"[" + b" " * (170_000 - 2) + b"]"))
    server.set("/github/api/v2/summary.json", Route(body=padded(HEALTHY_PAGE, 4000), etag='"g1"'))
    server.set("/probe/openai", Route(status=401, body=padded({"error": {}}, 230)))
    server.set("/probe/anthropic", Route(status=401, body=padded({"type": "error"}, 130)))
    server.set("/probe/gemini", Route(status=404, body=b"x" * 1600, content_type="text/html"))


def default_set(base: str) -> list[ProviderSpec]:
    return [
        ProviderSpec(
            "openai", "ChatGPT", "incidentio", f"{base}/openai", probe=f"{base}/probe/openai"
        ),
        ProviderSpec(
            "anthropic",
            "Claude",
            "statuspage",
            f"{base}/anthropic",
            probe=f"{base}/probe/anthropic",
        ),
        ProviderSpec(
            "gemini",
            "Gemini",
            "gcloud",
            f"{base}/gcloud",
            product="Z0FZJAMvEB4j3NbCJs6B",
            probe=f"{base}/probe/gemini",
        ),
        ProviderSpec("copilot", "GitHub Copilot", "statuspage", f"{base}/github"),
    ]


async def one_hour(
    cheap_interval: float | None, probes: bool, only: str | None = None
) -> tuple[int, int, int]:
    with StatusServer() as server:
        proxy = CountingProxy(int(server.url.rsplit(":", 1)[1]))
        port = await proxy.start()
        base = f"http://127.0.0.1:{port}"
        serve_default_set(server, f"127.0.0.1:{port}")
        specs = [s for s in default_set(base) if only is None or s.id == only]
        if not probes:
            specs = [ProviderSpec(s.id, s.name, s.type, s.url, product=s.product) for s in specs]
        clock = Clock()

        async def sleep(seconds: float) -> bool:
            clock.advance(seconds)
            return False

        requests = 0

        def count(_snapshot: object) -> None:
            nonlocal requests
            requests += 1

        async with make_client() as client:
            fetcher = Fetcher(client)
            prober = Prober(client, key_for=lambda _pid: None)
            poller = Poller(specs, fetcher, 60, clock=clock, monotonic=clock.monotonic)
            poller.prober = prober
            quick = QuickConfirmations(
                poller, clock=clock, fetcher=fetcher, cheap_interval=cheap_interval
            )
            for _ in range(HOUR_POLLS):
                snapshot = await poller.poll()
                quick.note(snapshot, clock.now + timedelta(seconds=60))
                await quick.wait(60, sleep, count)
        assert proxy.server is not None
        proxy.server.close()
        return proxy.up, proxy.down, sum(server.hits.values())


def main() -> None:
    print("default set, one hour at a 60 s interval (bytes on the wire, both directions):")
    for label, cheap, probes in [
        ("pages only, every 60 s", None, False),
        ("pages + API probes", None, True),
        ("pages + probes, 304/short-cache pages every 30 s (default)", 30.0, True),
    ]:
        up, down, hits = asyncio.run(one_hour(cheap, probes))
        total = up + down
        print(
            f"  {label:<60} {total / 1e6:6.2f} MB/h  ({hits} requests, "
            f"{up / 1e3:.0f} KB sent, {down / 1e6:.2f} MB received)"
        )
    print("per provider, with its probe, default settings:")
    for provider in ("openai", "anthropic", "gemini", "copilot"):
        up, down, hits = asyncio.run(one_hour(30.0, True, provider))
        print(f"  {provider:<10} {(up + down) / 1e6:6.3f} MB/h  ({hits} requests)")


if __name__ == "__main__":
    main()
