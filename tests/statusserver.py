"""A real HTTP server on 127.0.0.1 that serves status payloads, and misbehaves on request.

Tests change its answers while the app runs; it counts requests per path so tests can see
conditional GETs and backoff from the outside. On the wire it behaves like the real status
servers where asked to: ETag and Last-Modified with 304 answers (weak ETags, lists in
If-None-Match), gzip for clients that accept it, HEAD, Cache-Control, and Google's habit of
sending Last-Modified while ignoring If-Modified-Since (``ignores_conditionals``).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import secrets
import ssl
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).parent / "fixtures"
# What githubstatus.com sends with status.json (late 2026).
STATUSPAGE_CACHE_CONTROL = (
    "max-age=10, public, s-maxage=10, stale-while-revalidate=20, stale-if-error=3600"
)


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    content_type: str = "application/json"
    headers: dict[str, str] = field(default_factory=dict)
    etag: str | None = None
    # None, "hang" (never answers), "truncate" (closes mid-body), "huge" (50 MB), "drip",
    # "always_304" (any conditional request gets a 304 with this route's ETag)
    behaviour: str | None = None
    last_modified: str | None = None  # an HTTP date; If-Modified-Since is answered with 304
    ignores_conditionals: bool = False  # validators are sent, never a 304 (Google)
    gzip: bool = False  # compressed for clients that accept gzip, as the real servers do


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


class StatusServer:
    """``with StatusServer() as server: server.set_json("/x", {...}); server.url``"""

    def __init__(self, port: int = 0, tls: ssl.SSLContext | None = None) -> None:
        self.routes: dict[str, Route] = {}
        self.fallback: Route | None = None  # served for any path without a route
        self.hits: Counter[str] = Counter()
        self.asked_at: dict[str, list[float]] = {}  # per path, time.monotonic() of each request
        self.conditional_hits: Counter[str] = Counter()  # requests answered with 304
        self.head_hits: Counter[str] = Counter()
        self.body_bytes: Counter[str] = Counter()  # body bytes sent per path, as on the wire
        self.peers: dict[str, list[int]] = {}  # per path, the client port of each request
        self.user_agents: dict[str, str] = {}
        self.last_headers: dict[str, dict[str, str]] = {}  # per path, for credential checks
        self.stopping = threading.Event()
        self._lock = threading.Lock()
        self._httpd = _Server(("127.0.0.1", port), _handler(self))
        self._httpd.daemon_threads = True
        self.scheme = "http"
        if tls is not None:  # HTTPS/1.1 (the handshake happens in each connection's thread)
            self._httpd.socket = tls.wrap_socket(
                self._httpd.socket, server_side=True, do_handshake_on_connect=False
            )
            self.scheme = "https"
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self._httpd.server_address[1]}"

    def __enter__(self) -> StatusServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> None:
        self.stopping.set()
        self._httpd.shutdown()
        self._httpd.server_close()

    def set(self, path: str, route: Route) -> None:
        with self._lock:
            self.routes[path] = route

    def set_json(self, path: str, value: Any, **kw: Any) -> None:
        self.set(path, Route(body=json.dumps(value).encode(), **kw))

    def set_fixture(self, path: str, name: str, **kw: Any) -> None:
        kind = "application/xml" if name.endswith((".xml", ".atom")) else "application/json"
        kw.setdefault("content_type", kind)
        self.set(path, Route(body=fixture(name), **kw))

    def set_statuspage(self, base: str, name: str, **kw: Any) -> None:
        """A Statuspage page as the real servers serve it: ``summary.json`` from a fixture and
        the ``status.json`` that goes with it (its page and status), both with an ETag derived
        from the content, a short Cache-Control, and gzip."""
        summary = json.loads(fixture(name))
        status = {"page": summary.get("page"), "status": summary.get("status")}
        kw.setdefault("headers", {"Cache-Control": STATUSPAGE_CACHE_CONTROL})
        kw.setdefault("gzip", True)
        for path, value in (("summary.json", summary), ("status.json", status)):
            body = json.dumps(value).encode()
            etag = 'W/"' + hashlib.sha256(body).hexdigest()[:16] + '"'
            self.set(f"{base}/api/v2/{path}", Route(body=body, etag=etag, **kw))

    def answer(
        self, route: Route, path: str, request: Any, head: bool = False
    ) -> tuple[int, dict[str, str], bytes]:
        """Status, headers and body for a request to ``route`` (``request``: its headers, any
        mapping with ``get`` and ``in``), as the real servers answer: a 304 to a conditional
        request that matches, gzip for clients that accept it. Counted per path."""
        headers = {k: _fill(v) for k, v in route.headers.items()}
        if route.etag:
            headers["ETag"] = route.etag
        if route.last_modified:
            headers["Last-Modified"] = route.last_modified
        conditional = request.get("If-None-Match") or request.get("If-Modified-Since")
        lying = route.behaviour == "always_304" and bool(conditional)
        if lying or (not route.ignores_conditionals and _not_modified(route, request)):
            self.conditional_hits[path] += 1
            keep = ("ETag", "Last-Modified", "Cache-Control")
            return 304, {k: v for k, v in headers.items() if k in keep}, b""
        body = route.body
        if route.gzip and "gzip" in (request.get("Accept-Encoding") or ""):
            body = gzip.compress(body, 6, mtime=0)
            headers["Content-Encoding"] = "gzip"
        if route.gzip:
            headers["Vary"] = "Accept-Encoding"
        self.body_bytes[path] += 0 if head else len(body)
        return route.status, headers, body

    def route(self, path: str) -> Route | None:
        with self._lock:
            return self.routes.get(path, self.fallback)


class _Server(ThreadingHTTPServer):
    # socketserver's default backlog of 5 drops SYNs under concurrent polling (1 s retries).
    request_queue_size = 256
    daemon_threads = True


def _handler(server: StatusServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # Headers and body go out in separate writes; with Nagle's algorithm and delayed ACKs
        # each keep-alive response would stall ~40 ms.
        disable_nagle_algorithm = True
        head = False  # this request is a HEAD: headers only

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def send_header(self, keyword: str, value: str) -> None:
            # Hostile servers send any bytes in headers; http.server insists on Latin-1.
            super().send_header(keyword, value.encode("utf-8").decode("latin-1"))

        def do_HEAD(self) -> None:
            self.do_GET(head=True)

        def do_GET(self, head: bool = False) -> None:
            path = self.path.split("?", 1)[0]
            self.head = head
            if head and server.fallback is None:
                server.head_hits[path] += 1
            elif server.fallback is None:  # counting every path of a benchmark costs memory
                server.hits[path] += 1
                server.asked_at.setdefault(path, []).append(time.monotonic())
                server.user_agents[path] = self.headers.get("User-Agent", "")
                server.peers.setdefault(path, []).append(self.client_address[1])
                server.last_headers[path] = dict(self.headers.items())
            route = server.route(path)
            if route is None:
                self._send(404, b"not found", "text/plain", {})
                return
            if route.behaviour == "hang":
                while not server.stopping.wait(0.1):
                    pass
                return
            status, headers, body = server.answer(route, path, self.headers, head)
            if status == 304:
                self.send_response(304)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.end_headers()
                return
            if route.behaviour == "truncate":
                self.send_response(route.status)
                self.send_header("Content-Type", route.content_type)
                self.send_header("Content-Length", str(len(route.body) * 2))
                self.end_headers()
                self.wfile.write(route.body)
                self.wfile.flush()
                self.close_connection = True
                return
            if route.behaviour == "huge":
                self._huge(route)
                return
            if route.behaviour == "drip":
                self.send_response(route.status)
                self.send_header("Content-Type", route.content_type)
                self.send_header("Content-Length", str(len(route.body)))
                self.end_headers()
                for byte in route.body:
                    if server.stopping.wait(0.5):
                        return
                    try:
                        self.wfile.write(bytes([byte]))
                        self.wfile.flush()
                    except OSError:
                        return
                return
            self._send(status, body, route.content_type, headers)

        def _huge(self, route: Route) -> None:
            size = 50 * 1024 * 1024
            self.send_response(200)
            self.send_header("Content-Type", route.content_type)
            if route.headers.get("declare-length", "yes") == "yes":
                self.send_header("Content-Length", str(size))
            else:
                self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            chunk = b"[" + b"0," * 32767
            sent = 0
            try:
                while sent < size:
                    if route.headers.get("declare-length", "yes") == "yes":
                        self.wfile.write(chunk)
                    else:
                        self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                    sent += len(chunk)
            except OSError:
                pass
            self.close_connection = True

        def _send(
            self, status: int, body: bytes, content_type: str, headers: dict[str, str]
        ) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for key, value in headers.items():
                if key != "declare-length":
                    self.send_header(key, value)
            self.end_headers()
            if not self.head:
                self.wfile.write(body)

    return Handler


_RANDOM = re.compile(r"\{random:([0-9]{1,3})\}")


def _fill(value: str) -> str:
    """A header value with each ``{random:N}`` replaced by N new hex digits (request ids, CDN
    ids: what differs in every real answer and so costs its full size even with HPACK)."""
    return _RANDOM.sub(lambda m: secrets.token_hex(int(m.group(1)))[: int(m.group(1))], value)


def _not_modified(route: Route, request: Any) -> bool:
    """True when the request's validators match the route's (weak comparison, as for GET)."""
    tags = request.get("If-None-Match")
    if tags is not None and route.etag:
        wanted = {t.strip().removeprefix("W/") for t in tags.split(",")}
        return "*" in wanted or route.etag.removeprefix("W/") in wanted
    since = request.get("If-Modified-Since")
    if since is not None and route.last_modified:
        try:
            return parsedate_to_datetime(since) >= parsedate_to_datetime(route.last_modified)
        except (TypeError, ValueError):
            return False
    return False


def wait_for(predicate: Any, timeout: float = 10.0, interval: float = 0.05) -> Any:
    """Poll ``predicate`` until it returns something true or ``timeout`` passes; returns it."""
    deadline = time.monotonic() + timeout
    while True:
        result = predicate()
        if result or time.monotonic() > deadline:
            return result
        time.sleep(interval)
