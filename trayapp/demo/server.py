"""The replay's status pages on 127.0.0.1: every document is written from the scenario at the
replay's current time, in the format of the real page. Nothing else is served, and nothing
leaves the machine."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import unquote, urlsplit

from trayapp.demo import documents, pages
from trayapp.demo.scenario import Scenario
from trayapp.settings.catalogue import load_catalogue

log = logging.getLogger(__name__)

MAX_PATH = 512


class ReplayServer:
    """``with ReplayServer(scenario, clock.now) as server: server.url``"""

    def __init__(self, scenario: Scenario, now: Callable[[], datetime]) -> None:
        self.scenario = scenario
        self._now = now
        catalogue = load_catalogue()
        self._formats = {pid: catalogue[pid].type for pid in scenario.providers}
        self._products = {pid: catalogue[pid].product or "" for pid in scenario.providers}
        self._httpd = _QuietServer(("127.0.0.1", 0), _handler(self))
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, name="replay-server", daemon=True
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}"

    def page_url(self, provider: str) -> str:
        return f"{self.url}/{provider}"

    def __enter__(self) -> ReplayServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def answer(self, path: str) -> tuple[int, str, bytes]:
        """(status, content type, body) for a GET of ``path`` at the replay's current time."""
        provider, _, rest = path.lstrip("/").partition("/")
        if provider not in self._formats:
            return 404, "text/plain", b"not found"
        when, url, kind = self._now(), self.page_url(provider), self._formats[provider]
        scenario = self.scenario
        document: Any = None
        if rest == "api/v2/summary.json" and kind == "incidentio":
            document = documents.incidentio_summary(scenario, provider, when, url)
        elif rest == "api/v2/summary.json" and kind == "statuspage":
            document = documents.statuspage_summary(scenario, provider, when, url)
        elif rest.startswith("proxy/") and kind == "incidentio":
            document = documents.incidentio_proxy(scenario, provider, when, url)
        elif rest == "incidents.json" and kind == "gcloud":
            document = documents.google_incidents(
                scenario, provider, when, self._products[provider]
            )
        elif rest in ("", "/") or rest.startswith("incidents/"):
            html = pages.status_page(scenario, provider, when)
            return 200, "text/html; charset=utf-8", html.encode("utf-8")
        if document is None:
            return 404, "text/plain", b"not found"
        return 200, "application/json", json.dumps(document).encode("utf-8")


class _QuietServer(ThreadingHTTPServer):
    """Never prints: a client that hangs up mid-answer (the app quitting while a poll is in
    flight) is normal here, and a traceback on stderr from a daemon thread at interpreter exit
    can abort the process."""

    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        log.debug("the replay server dropped a connection from %s", client_address, exc_info=True)


def _handler(server: ReplayServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # headers and body leave in separate writes
        timeout = 10  # an idle keep-alive connection must not hold a thread for ever

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_GET(self) -> None:
            try:
                path = unquote(urlsplit(self.path[:MAX_PATH]).path)
                status, kind, body = server.answer(path)
            except Exception:  # a bug here must read as a broken page, never a dead server
                log.exception("the replay server failed on %s", self.path[:MAX_PATH])
                status, kind, body = 500, "text/plain", b"replay error"
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "public, max-age=0, must-revalidate")
            try:
                self.end_headers()
                self.wfile.write(body)
            except OSError:  # the app hung up (quitting, or a timed-out poll): nothing to tell
                self.close_connection = True

    return Handler
