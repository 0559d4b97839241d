"""A loopback status server for benchmarks: every path answers with one healthy payload.

Runs in its own process so the server's work is not counted against the poller's.
Prints its URL, then serves until stdin closes.
"""

from __future__ import annotations

import sys

from tests.statusserver import Route, StatusServer, fixture


def main() -> None:
    name = sys.argv[1] if len(sys.argv) > 1 else "statuspage/healthy.json"
    with StatusServer() as server:
        server.fallback = Route(body=fixture(name))
        print(server.url, flush=True)
        sys.stdin.read()


if __name__ == "__main__":
    main()
