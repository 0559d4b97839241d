"""A loopback status server that rotates every path through a list of faults.

Each request to a path gets the next answer in the rotation (offset per path, so one poll sees
a mix). Runs in its own process, so its threads and memory are not counted against the app's.
Prints its URL, then serves until stdin closes.
"""

from __future__ import annotations

import gzip
import json
import sys
import zlib
from collections import Counter

from tests.statusserver import Route, StatusServer, fixture


def _bomb(inflated_mib: int) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = b"0," * (512 * 1024)
    return b"".join(
        [packer.compress(b"[")]
        + [packer.compress(block) for _ in range(inflated_mib)]
        + [packer.flush()]
    )


def faults() -> list[tuple[str, Route]]:
    healthy = fixture("statuspage/healthy.json")
    return [
        ("healthy", Route(body=healthy)),
        ("outage", Route(body=fixture("statuspage/outage.json"))),
        ("http-500", Route(status=500, body=b"oops", content_type="text/plain")),
        ("429", Route(status=429, body=b"{}", headers={"Retry-After": "120"})),
        ("429-huge", Route(status=429, body=b"{}", headers={"Retry-After": "1" + "0" * 14})),
        ("healthy-gzip", Route(body=gzip.compress(healthy), headers={"Content-Encoding": "gzip"})),
        (
            "garbled-gzip",
            Route(body=b"\x1f\x8b\x08\x00garbage", headers={"Content-Encoding": "gzip"}),
        ),
        ("gzip-bomb", Route(body=_bomb(200), headers={"Content-Encoding": "gzip"})),
        (
            "stacked",
            Route(
                body=gzip.compress(gzip.compress(healthy)),
                headers={"Content-Encoding": "gzip, gzip"},
            ),
        ),
        ("truncated", Route(body=healthy, behaviour="truncate")),
        ("html", Route(body=b"<!DOCTYPE html><html>challenge</html>", content_type="text/html")),
        ("deep-json", Route(body=b"[" * 100_000 + b"]" * 100_000)),
        ("huge-int", Route(body=b'{"n": ' + b"9" * 5000 + b"}")),
        (
            "javascript-redirect",
            Route(status=302, body=b"", headers={"Location": "javascript:alert(1)"}),
        ),
        (
            "bidi-redirect",
            Route(status=302, body=b"", headers={"Location": "gopher://\u202eevil\u0085/"}),
        ),
        ("slow", Route(body=json.dumps({"x": 1}).encode(), behaviour="drip")),
        ("year-9999", Route(body=healthy.replace(b'"2026-', b'"9999-'))),
    ]


class RotatingServer(StatusServer):
    def __init__(self) -> None:
        super().__init__()
        self.rotation = [route for _, route in faults()]
        self.asked: Counter[str] = Counter()

    def route(self, path: str) -> Route | None:
        with self._lock:
            self.asked[path] += 1
            count = self.asked[path]
        return self.rotation[(count + zlib.crc32(path.encode())) % len(self.rotation)]


def main() -> None:
    server = RotatingServer()
    with server:
        server.fallback = server.rotation[0]  # also stops per-path bookkeeping in the handler
        print(server.url, flush=True)
        sys.stdin.read()


if __name__ == "__main__":
    main()
