"""Network cost of the default set (ChatGPT, Claude, Gemini, GitHub Copilot) per hour, on the wire.

The real poller, fetcher, API prober and quick-look loop run through a simulated hour (time
advanced by a fake clock) against loopback copies of the real pages, served the way the real
servers serve them, over TLS, each host behind its own TCP proxy that counts every byte both
ways (TLS handshakes and records, HTTP headers, bodies as sent):

- status.openai.com (incident.io): compatible ``summary.json`` (25 components, ~5.6 KB) and
  ``/proxy/status.openai.com`` (~21.9 KB); no validators; ``public, max-age=0, must-revalidate``.
- status.claude.com and www.githubstatus.com (Statuspage): ``summary.json`` (~4.5 KB; GitHub's
  ~4.2 KB) and ``status.json`` (~215 B), weak ETags answered with 304, ``max-age=10``.
- www.google.com/appsstatus (Gemini app): ``incidents.json`` ~170 KB, ``Last-Modified`` sent,
  ``If-Modified-Since`` ignored (a full 200 every time it is asked conditionally).
- the API probes: 401/404 answers of 130-1,600 bytes.
- gzip for every page, as the real servers send it to clients that ask; response headers shaped
  like the real ones (CDN ids, trace ids and HSTS; the values are made up, the sizes are what
  such headers weigh, and the ids differ in every answer as they do for real).

Payloads are generated with realistic entropy (random ids, varied words), so gzip does here
roughly what it does on the real documents (the ratio is printed). Certificates: a leaf and an
intermediate from ``trustme`` (real chains are often larger: the handshake figures are lower
bounds). Each row adds one means to the one above it; "servers close idle connections" shows
what a server that drops the connection between looks costs.

Run by hand: ``.venv/bin/python -m bench.know_sooner_bytes`` (a few minutes).
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import random
import string
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from email.utils import format_datetime
from typing import Any

from tests.h2server import H2Server, tls_pair
from tests.polling.test_poller import Clock
from tests.statusserver import STATUSPAGE_CACHE_CONTROL, Route, StatusServer, fixture
from trayapp.core.cadence import max_age
from trayapp.core.model import Endpoint, ProviderSpec
from trayapp.polling import conditional, sooner
from trayapp.polling.fetch import Fetcher, make_client
from trayapp.polling.poller import Poller
from trayapp.polling.probe import Prober
from trayapp.polling.sooner import QuickConfirmations
from trayapp.sources import statuspage

HOUR = 3600.0
HOSTS = {  # host -> the provider whose bill it is on
    "status.openai.com": "openai",
    "api.openai.com": "openai",
    "status.claude.com": "anthropic",
    "api.anthropic.com": "anthropic",
    "www.google.com": "gemini",
    "generativelanguage.googleapis.com": "gemini",
    "www.githubstatus.com": "copilot",
}
NAMES = {"openai": "ChatGPT", "anthropic": "Claude", "gemini": "Gemini", "copilot": "Copilot"}
STATUSPAGE_HEADERS = {
    "Cache-Control": STATUSPAGE_CACHE_CONTROL,
    "Strict-Transport-Security": "max-age=259200",
    "X-Frame-Options": "SAMEORIGIN",
    "X-Content-Type-Options": "nosniff",
    "Access-Control-Allow-Origin": "*",
    "X-Request-Id": "{random:32}",
    "X-Runtime": "0.011904",
    "X-Cache": "Hit from cloudfront",
    "Via": "1.1 {random:32}.cloudfront.net (CloudFront)",
    "X-Amz-Cf-Pop": "SIN52-P1",
    "X-Amz-Cf-Id": "{random:56}",
    "Age": "4",
}
INCIDENTIO_HEADERS = {
    "Cache-Control": "public, max-age=0, must-revalidate",
    "Strict-Transport-Security": "max-age=63072000; includeSubDomains; preload",
    "X-Cloud-Trace-Context": "{random:32}/{random:19};o=1",
    "Via": "1.1 google",
    "Alt-Svc": 'h3=":443"; ma=2592000,h3-29=":443"; ma=2592000',
    "Access-Control-Allow-Origin": "*",
}
GOOGLE_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Cross-Origin-Resource-Policy": "cross-origin",
    "Cross-Origin-Opener-Policy": "same-origin-allow-popups",
    "Server": "sffe",
    "X-Xss-Protection": "0",
    "Alt-Svc": 'h3=":443"; ma=2592000,h3-29=":443"; ma=2592000',
    "Accept-Ranges": "bytes",
}
PROBE_HEADERS = {"X-Request-Id": "req_{random:24}", "Strict-Transport-Security": "max-age=31536000"}
WORDS = [
    "we",
    "are",
    "investigating",
    "reports",
    "of",
    "elevated",
    "error",
    "rates",
    "for",
    "users",
    "of",
    "the",
    "service",
    "affected",
    "customers",
    "may",
    "see",
    "failed",
    "requests",
    "timeouts",
    "or",
    "degraded",
    "performance",
    "when",
    "using",
    "model",
    "api",
    "gemini",
    "chat",
    "app",
    "web",
    "mobile",
    "region",
    "our",
    "engineering",
    "team",
    "has",
    "identified",
    "the",
    "issue",
    "and",
    "is",
    "working",
    "on",
    "mitigation",
    "a",
    "fix",
    "has",
    "been",
    "implemented",
    "and",
    "we",
    "are",
    "monitoring",
    "the",
    "results",
    "incident",
    "resolved",
    "root",
    "cause",
    "configuration",
    "change",
    "rollout",
    "traffic",
    "latency",
    "capacity",
]


def _ulid(rng: random.Random) -> str:
    return "01" + "".join(rng.choice("0123456789ABCDEFGHJKMNPQRSTVWXYZ") for _ in range(24))


def _text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def _sized(make: Any, size: int) -> bytes:
    """The document ``make(n)`` for the smallest n whose JSON reaches ``size`` bytes."""
    count = 1
    while len(body := json.dumps(make(count), separators=(",", ":")).encode()) < size:
        count += 1
    return body


def openai_summary(rng: random.Random) -> bytes:
    def make(n: int) -> dict[str, Any]:
        stamp = "2026-11-30T08:12:41.218Z"
        return {
            "page": {
                "id": _ulid(rng),
                "name": "OpenAI",
                "url": "https://status.openai.com",
                "updated_at": stamp,
            },
            "status": {"indicator": "none", "description": "All Systems Operational"},
            "components": [
                {
                    "id": _ulid(rng),
                    "name": f"{rng.choice(WORDS).capitalize()} {i}",
                    "status": "operational",
                    "created_at": stamp,
                    "updated_at": stamp,
                    "position": i,
                    "description": None,
                    "showcase": False,
                    "start_date": None,
                    "page_id": "01JMDK9XYNY6RXSED6SDWW50WY",
                    "group_id": None,
                    "group": False,
                    "only_show_if_degraded": False,
                }
                for i in range(n)
            ],
        }

    return _sized(make, 5600)


def openai_proxy(rng: random.Random) -> bytes:
    def make(n: int) -> dict[str, Any]:
        ids = [_ulid(rng) for _ in range(n)]
        return {
            "summary": {
                "id": _ulid(rng),
                "name": "OpenAI",
                "affected_components": [],
                "ongoing_incidents": [],
                "scheduled_maintenances": [],
                "components": [
                    {
                        "id": c,
                        "name": f"{rng.choice(WORDS).capitalize()} {i}",
                        "description": _text(rng, 8),
                        "status_page_id": ids[0],
                    }
                    for i, c in enumerate(ids)
                ],
                "structure": {
                    "items": [
                        {
                            "group": {
                                "id": _ulid(rng),
                                "name": "APIs",
                                "hidden": False,
                                "components": [
                                    {"component_id": c, "hidden": False, "name": f"c{i}"}
                                    for i, c in enumerate(ids)
                                ],
                            }
                        }
                    ]
                },
            }
        }

    return _sized(make, 21890)


def statuspage_summary(rng: random.Random, name: str, size: int) -> bytes:
    base = json.loads(fixture("statuspage/healthy.json"))

    def make(n: int) -> dict[str, Any]:
        page = {**base["page"], "name": name}
        rows = [
            {
                "id": "".join(
                    rng.choice(string.ascii_lowercase + string.digits) for _ in range(12)
                ),
                "name": f"{rng.choice(WORDS).capitalize()} {i}",
                "status": "operational",
                "created_at": "2023-07-11T17:03:12.812Z",
                "updated_at": page["updated_at"],
                "position": i,
                "description": _text(rng, 6),
                "showcase": True,
                "start_date": None,
                "group_id": None,
                "page_id": page["id"],
                "group": False,
                "only_show_if_degraded": False,
            }
            for i in range(n)
        ]
        return {**base, "page": page, "components": rows}

    return _sized(make, size)


def google_incidents(rng: random.Random) -> bytes:
    item = json.loads(fixture("gcloud/outage.json"))[0]

    def make(n: int) -> list[dict[str, Any]]:
        out = []
        for i in range(n):
            updates = [
                {
                    "created": f"2026-11-2{i % 9}T10:{u:02d}:00+00:00",
                    "text": _text(rng, rng.randint(40, 120)),
                    "status": "AVAILABLE",
                }
                for u in range(4)
            ]
            out.append(
                {
                    **item,
                    "id": "".join(rng.choice(string.ascii_letters) for _ in range(20)),
                    "number": str(rng.getrandbits(60)),
                    "end": "2026-11-28T12:00:00+00:00",
                    "external_desc": _text(rng, 20),
                    "updates": updates,
                    "most_recent_update": updates[0],
                }
            )
        return out

    return _sized(make, 170_000)


def serve_default_set(
    routes: StatusServer, gzip: bool, openai_host: str, summary_etag: bool = True
) -> None:
    rng = random.Random(20261202)
    monday = format_datetime(Clock().now - timedelta(days=2), usegmt=True)
    incidentio: dict[str, Any] = {"headers": INCIDENTIO_HEADERS, "gzip": gzip}
    routes.set("/openai/api/v2/summary.json", Route(body=openai_summary(rng), **incidentio))
    routes.set(f"/openai/proxy/{openai_host}", Route(body=openai_proxy(rng), **incidentio))
    for prefix, name, size in (("/anthropic", "Claude", 4500), ("/github", "GitHub", 4190)):
        summary = statuspage_summary(rng, name, size)
        if prefix == "/github":
            summary = fixture("statuspage/github_copilot.json")
        doc = json.loads(summary)
        status = json.dumps({"page": doc["page"], "status": doc["status"]}).encode()
        for path, body in (("summary.json", summary), ("status.json", status)):
            etag: str | None = f'W/"{hashlib.sha256(body).hexdigest()[:16]}"'
            if path == "summary.json" and not summary_etag:
                etag = None
            routes.set(
                f"{prefix}/api/v2/{path}",
                Route(body=body, etag=etag, headers=STATUSPAGE_HEADERS, gzip=gzip),
            )
    routes.set(
        "/gemini/incidents.json",
        Route(
            body=google_incidents(rng),
            last_modified=monday,
            ignores_conditionals=True,
            headers=GOOGLE_HEADERS,
            gzip=gzip,
        ),
    )
    probe: dict[str, Any] = {"headers": PROBE_HEADERS, "status": 401}
    routes.set(
        "/probe/openai",
        Route(
            body=b'{"error":{"message":"You didn\'t provide an API key.'
            b'","type":"invalid_request_error","param":null,"code":null}}',
            **probe,
        ),
    )
    routes.set(
        "/probe/anthropic",
        Route(
            body=b'{"type":"error","error":{"type":'
            b'"authentication_error","message":"x-api-key header is required"}}',
            **probe,
        ),
    )
    routes.set(
        "/probe/gemini",
        Route(
            status=404,
            content_type="text/html; charset=UTF-8",
            body=b"<!DOCTYPE html><html lang=en><title>Error 404 (Not Found)</title>"
            + _text(rng, 200).encode(),
            headers=PROBE_HEADERS,
            gzip=gzip,
        ),
    )


class CountingProxy:
    """Forwards TCP connections to ``target_port``, counts the bytes each way, and can cut every
    open connection (a server that closes idle connections between looks)."""

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.up = self.down = self.connections = 0
        self.server: asyncio.Server | None = None
        self._open: set[asyncio.StreamWriter] = set()

    async def start(self) -> int:
        self.server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        return int(self.server.sockets[0].getsockname()[1])

    def cut(self) -> None:
        for writer in list(self._open):
            writer.close()
        self._open.clear()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.target_port)
        self._open |= {writer, up_writer}

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

        await asyncio.gather(pipe(reader, up_writer, True), pipe(up_reader, writer, False))


@dataclass(frozen=True)
class Means:
    """Which of the means are on for one row."""

    label: str
    gzip: bool = True
    conditional: bool = True  # ETag/If-None-Match, Last-Modified/If-Modified-Since, 304
    keep: bool = True  # connections kept between looks
    witness: bool = True  # Statuspage's status.json as the cheap look
    head: bool = True  # HEAD for servers that ignore If-Modified-Since
    cheap_costs: bool = True  # only looks that cost little are repeated every 30 s
    http2: bool = True
    saver: bool = False
    summary_etag: bool = True  # False: Statuspage summaries without a usable ETag (no 304s)


def default_set(ports: dict[str, int]) -> list[ProviderSpec]:
    def base(host: str, path: str) -> str:
        return f"https://127.0.0.1:{ports[host]}{path}"

    return [
        ProviderSpec(
            "openai",
            "ChatGPT",
            "incidentio",
            base("status.openai.com", "/openai"),
            probe=base("api.openai.com", "/probe/openai"),
        ),
        ProviderSpec(
            "anthropic",
            "Claude",
            "statuspage",
            base("status.claude.com", "/anthropic"),
            probe=base("api.anthropic.com", "/probe/anthropic"),
        ),
        ProviderSpec(
            "gemini",
            "Gemini",
            "gcloud",
            base("www.google.com", "/gemini"),
            product="Z0FZJAMvEB4j3NbCJs6B",
            probe=base("generativelanguage.googleapis.com", "/probe/gemini"),
        ),
        ProviderSpec(
            "copilot", "GitHub Copilot", "statuspage", base("www.githubstatus.com", "/github")
        ),
    ]


def _old_cheap(looks: Any, cheap_interval: float) -> bool:
    """The rule before: a 304, or any max-age up to the cheap interval, whatever the body."""
    seen = False
    for look in looks:
        seen = True
        age = max_age(look.cache_control)
        if not look.unchanged and (age is None or age > cheap_interval):
            return False
    return seen


def _no_witness(spec: ProviderSpec) -> tuple[Endpoint, ...]:
    return (Endpoint(f"{spec.url}/api/v2/summary.json"),)


@contextlib.contextmanager
def switched(means: Means) -> Iterator[None]:
    """The code as it is, with the means this row leaves out switched off."""
    cache = conditional.ConditionalCache
    saved = [
        (cache, "conditional_headers", cache.conditional_headers),
        (cache, "head_first", cache.head_first),
        (statuspage, "endpoints", statuspage.endpoints),
        (sooner, "cheap", sooner.cheap),  # type: ignore[attr-defined]
    ]
    if not means.conditional:
        setattr(cache, "conditional_headers", lambda self, url: {})  # noqa: B010
    if not means.head:
        setattr(cache, "head_first", lambda self, url: None)  # noqa: B010
    if not means.witness:
        setattr(statuspage, "endpoints", _no_witness)  # noqa: B010
    if not means.cheap_costs:
        setattr(sooner, "cheap", _old_cheap)  # noqa: B010
    try:
        yield
    finally:
        for owner, name, value in saved:
            setattr(owner, name, value)


async def one_hour(means: Means) -> tuple[dict[str, int], int, int]:
    """Bytes per provider, requests, new connections, for one simulated hour."""
    server_tls, client_tls, ca = tls_pair()
    h2_tls = tls_pair(ca)[0]
    interval, cheap_interval = (300.0, None) if means.saver else (60.0, 30.0)
    with StatusServer(tls=server_tls) as routes, H2Server(routes, h2_tls) as h2, switched(means):
        upstream = h2.port if means.http2 else int(routes.url.rsplit(":", 1)[1])
        proxies = {host: CountingProxy(upstream) for host in HOSTS}
        ports = {host: await proxy.start() for host, proxy in proxies.items()}
        serve_default_set(
            routes, means.gzip, f"127.0.0.1:{ports['status.openai.com']}", means.summary_etag
        )
        clock = Clock()

        def looked(_snapshot: object = None) -> None:
            if not means.keep:
                for proxy in proxies.values():
                    proxy.cut()

        async def sleep(seconds: float) -> bool:
            clock.advance(seconds)
            return False

        async with make_client(verify=client_tls, http2=means.http2) as client:
            fetcher = Fetcher(client, monotonic=clock.monotonic, wall=clock.wall)
            poller = Poller(
                default_set(ports), fetcher, interval, clock=clock, monotonic=clock.monotonic
            )
            poller.prober = Prober(client, key_for=lambda _pid: None)
            quick = QuickConfirmations(
                poller, clock=clock, fetcher=fetcher, cheap_interval=cheap_interval
            )
            for _ in range(int(HOUR // interval)):
                snapshot = await poller.poll()
                looked()
                quick.note(snapshot, clock.now + timedelta(seconds=interval))
                await quick.wait(interval, sleep, looked)
        for proxy in proxies.values():
            assert proxy.server is not None
            proxy.server.close()
        per_provider = dict.fromkeys(NAMES, 0)
        for host, proxy in proxies.items():
            per_provider[HOSTS[host]] += proxy.up + proxy.down
        requests = sum(routes.hits.values()) + sum(routes.head_hits.values())
        return per_provider, requests, sum(p.connections for p in proxies.values())


ROWS = [
    Means(
        "no conditional requests, no gzip, HTTP/1.1, a new connection per look",
        gzip=False,
        conditional=False,
        keep=False,
        witness=False,
        head=False,
        cheap_costs=False,
        http2=False,
    ),
    Means(
        "+ gzip",
        conditional=False,
        keep=False,
        witness=False,
        head=False,
        cheap_costs=False,
        http2=False,
    ),
    Means(
        "+ ETag/Last-Modified and 304 (as before this change)",
        keep=False,
        witness=False,
        head=False,
        cheap_costs=False,
        http2=False,
    ),
    Means(
        "+ connections kept between looks",
        witness=False,
        head=False,
        cheap_costs=False,
        http2=False,
    ),
    Means("+ 30 s looks only where they cost little", witness=False, head=False, http2=False),
    Means("+ status.json as Statuspage's cheap look", head=False, http2=False),
    Means("+ HEAD for Google's incidents.json", http2=False),
    Means("+ HTTP/2 (the default now)"),
    Means("default, but servers close idle connections", keep=False),
    Means("data saver (every 5 min, no extra looks)", saver=True),
    Means("data saver, servers close idle connections", saver=True, keep=False),
    # Where status.json pays: a summary whose ETag is not honoured (every look a full body).
    Means(
        "Statuspage summaries without a usable ETag, without status.json",
        witness=False,
        summary_etag=False,
    ),
    Means("the same with status.json as the cheap look", summary_etag=False),
]


def compression() -> str:
    import gzip

    rng = random.Random(20261202)
    docs = {"OpenAI proxy": openai_proxy(rng), "Google incidents.json": google_incidents(rng)}
    return ", ".join(
        f"{name} {len(d) / 1e3:.1f} KB -> {len(gzip.compress(d, 6)) / 1e3:.1f} KB"
        for name, d in docs.items()
    )


def main() -> None:
    print(f"gzip on these payloads: {compression()}")
    print("default set, one simulated hour at a 60 s interval, bytes on the wire (TLS included):")
    header = "| means | total | " + " | ".join(NAMES.values()) + " | requests | connections |"
    print(header)
    print("| --- " * (header.count("|") - 1) + "|")
    for means in ROWS:
        per, requests, connections = asyncio.run(one_hour(means))
        cells = " | ".join(f"{per[p] / 1e6:.3f}" for p in NAMES)
        print(
            f"| {means.label} | **{sum(per.values()) / 1e6:.2f} MB** | {cells} | "
            f"{requests} | {connections} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
