"""Time to know, on a virtual desktop (Xvfb + trayer + private D-Bus with a notification
recorder, as the desktop tests use), the real app polling a loopback page at a 60 s interval.

- ``page``: the page changes to a major outage right after a poll; seconds from the change to
  the icon turning red and to the outage notification (targets: icon <= 61 s, note <= 80 s).
- ``probe``: the page stays operational, the API probe starts failing right after a poll;
  seconds to the "may be down" notification.

Each run starts a fresh app, so the change always comes right after its first poll.
Run by hand: ``.venv/bin/python -m bench.know_sooner page --runs 5`` (about 7 minutes) and
``.venv/bin/python -m bench.know_sooner probe --runs 3`` (about 8 minutes). The page is served as
Statuspage serves it (``status.json`` beside the summary, ETags, 304s, gzip, max-age=10), so it
is looked at every 30 s through its status.json (``cheap_poll_interval``); ``--plain`` serves the
summary alone without validators (asked every 60 s).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.tray_bench import app_env
from tests.e2e.desktop_session import DesktopSession
from tests.e2e.test_tray_desktop import icon_colour
from tests.statusserver import Route, StatusServer, wait_for

SUMMARY = "/api/v2/summary.json"
STATUS = "/api/v2/status.json"
API = "/v1/models"


def start(desktop: DesktopSession, tmp: Path, server: StatusServer, interval: float) -> Any:
    config = tmp / "config.toml"
    config.write_text(
        f"poll_interval = {interval}\ncheap_poll_interval = {interval / 2}\n"
        "[catalogue]\nenabled = []\n"
        f'[[providers]]\nid = "claude"\nname = "Claude"\ntype = "statuspage"\n'
        f'url = "{server.url}"\nprobe = "{server.url}{API}"\n'
    )
    return subprocess.Popen(
        [sys.executable, "-m", "trayapp", "--config", str(config)],
        env=app_env(desktop, tmp / "home"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def serve(server: StatusServer, name: str, plain: bool) -> None:
    if plain:
        server.set_fixture(SUMMARY, name)
    else:
        server.set_statuspage("", name)


def one_run(mode: str, interval: float, tmp: Path, plain: bool) -> dict[str, float | None]:
    look = SUMMARY if plain else STATUS
    with DesktopSession(tmp) as desktop, StatusServer() as server:
        serve(server, "statuspage/healthy.json", plain)
        server.set(API, Route(status=401, body=b'{"error": "no key"}'))
        app = start(desktop, tmp, server, interval)
        try:
            # As served for real, the change follows the first 304 (from then on the page counts
            # as cheap).
            polls = 1 if plain else 2
            assert wait_for(lambda: server.hits[look] >= polls, 2 * interval + 30, 0.005)
            polled = time.monotonic()
            assert wait_for(lambda: icon_colour(desktop, tmp) == "green", 30), "never green"
            if mode == "page":
                serve(server, "statuspage/outage.json", plain)
                colour, wanted = "red", "Claude: major outage"
            else:
                server.set(API, Route(status=503, body=b"overloaded"))
                colour, wanted = "yellow", "Claude API may be down"
            changed = time.monotonic()
            icon_at = note_at = None
            deadline = changed + 4 * interval + 30
            while time.monotonic() < deadline and (icon_at is None or note_at is None):
                if note_at is None and any(
                    n["summary"].startswith(wanted) for n in desktop.notifications()
                ):
                    note_at = time.monotonic() - changed
                if icon_at is None and icon_colour(desktop, tmp) == colour:
                    icon_at = time.monotonic() - changed
                time.sleep(0.1)
            return {"after_poll": changed - polled, "icon": icon_at, "notification": note_at}
        finally:
            app.terminate()
            app.wait(timeout=10)


def summary(values: list[float | None]) -> str:
    got = [v for v in values if v is not None]
    if not got:
        return "never"
    missing = f", {len(values) - len(got)} missed" if len(got) < len(values) else ""
    return f"median {statistics.median(got):.1f} s, worst {max(got):.1f} s{missing}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["page", "probe"])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--interval", type=float, default=60.0)
    parser.add_argument(
        "--plain", action="store_true", help="the summary alone, no validators (no 304s)"
    )
    args = parser.parse_args()
    runs = []
    for index in range(args.runs):
        with tempfile.TemporaryDirectory() as tmp:
            result = one_run(args.mode, args.interval, Path(tmp), args.plain)
        runs.append(result)
        print(json.dumps({"run": index, **result}), flush=True)
    served = ", summary alone without validators" if args.plain else ", served as Statuspage does"
    print(f"{args.mode} at a {args.interval:g} s interval{served}, {args.runs} runs:")
    print(f"  change made {summary([r['after_poll'] for r in runs])} after the poll")
    print(f"  to the icon:         {summary([r['icon'] for r in runs])}")
    print(f"  to the notification: {summary([r['notification'] for r in runs])}")


if __name__ == "__main__":
    main()
