"""A real HTTP server on 127.0.0.1 that serves status payloads, and misbehaves on request.

Tests change its answers while the app runs; it counts requests per path so tests can see
conditional GETs and backoff from the outside.
"""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).parent / "fixtures"


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    content_type: str = "application/json"
    headers: dict[str, str] = field(default_factory=dict)
    etag: str | None = None
    # None, "hang" (never answers), "truncate" (closes mid-body), "huge" (50 MB), "drip"
    behaviour: str | None = None


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


class StatusServer:
    """``with StatusServer() as server: server.set_json("/x", {...}); server.url``"""

    def __init__(self, port: int = 0) -> None:
        self.routes: dict[str, Route] = {}
        self.fallback: Route | None = None  # served for any path without a route
        self.hits: Counter[str] = Counter()
        self.asked_at: dict[str, list[float]] = {}  # per path, time.monotonic() of each request
        self.conditional_hits: Counter[str] = Counter()
        self.user_agents: dict[str, str] = {}
        self.last_headers: dict[str, dict[str, str]] = {}  # per path, for credential checks
        self.stopping = threading.Event()
        self._lock = threading.Lock()
        self._httpd = _Server(("127.0.0.1", port), _handler(self))
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}"

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

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def send_header(self, keyword: str, value: str) -> None:
            # Hostile servers send any bytes in headers; http.server insists on Latin-1.
            super().send_header(keyword, value.encode("utf-8").decode("latin-1"))

        def do_GET(self) -> None:
            path = self.path.split("?", 1)[0]
            if server.fallback is None:  # counting every path of a benchmark costs memory
                server.hits[path] += 1
                server.asked_at.setdefault(path, []).append(time.monotonic())
                server.user_agents[path] = self.headers.get("User-Agent", "")
                server.last_headers[path] = dict(self.headers.items())
            route = server.route(path)
            if route is None:
                self._send(404, b"not found", "text/plain", {})
                return
            if route.behaviour == "hang":
                while not server.stopping.wait(0.1):
                    pass
                return
            if route.etag and self.headers.get("If-None-Match") == route.etag:
                server.conditional_hits[path] += 1
                self.send_response(304)
                self.send_header("ETag", route.etag)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            headers = dict(route.headers)
            if route.etag:
                headers["ETag"] = route.etag
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
            self._send(route.status, route.body, route.content_type, headers)

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
            self.wfile.write(body)

    return Handler


def wait_for(predicate: Any, timeout: float = 10.0, interval: float = 0.05) -> Any:
    """Poll ``predicate`` until it returns something true or ``timeout`` passes; returns it."""
    deadline = time.monotonic() + timeout
    while True:
        result = predicate()
        if result or time.monotonic() > deadline:
            return result
        time.sleep(interval)
