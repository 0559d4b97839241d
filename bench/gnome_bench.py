"""GNOME Shell 43 + the AppIndicator extension v46, on Xvfb (tests/e2e/gnome.py):

- registration: the app started N times in a row (30 by default), each start checked in the
  Shell: the item is in the top bar with its menu, and still is 3 s later;
- menu lag: how long after the app's menu changes (a provider flipping between operational and
  major outage) the menu GNOME shows equals the export again, median and worst of M flips.

``--source DIR`` runs the app from another checkout (``PYTHONPATH``), e.g. an older commit, to
measure what the figures were before.

Run by hand: ``.venv/bin/python -m bench.gnome_bench [--starts 30] [--flips 10]``.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from tests.e2e.app_runner import SUMMARY, start_app, stop
from tests.e2e.desktop_session import DesktopSession
from tests.e2e.gnome import GnomeShell, gnome_label, one_start, shown_lines
from tests.e2e.sni_probe import SniProbe, exported_lines
from tests.statusserver import StatusServer, wait_for


def registrations(
    session: DesktopSession, shell: GnomeShell, workdir: Path, url: str, starts: int
) -> list[str | None]:
    results: list[str | None] = []
    for n in range(starts):
        started = time.monotonic()
        result = one_start(session, shell, workdir, url)
        print(
            f"start {n + 1}: {result or 'shown, and still shown 3 s later'}"
            f" ({time.monotonic() - started:.1f} s)",
            flush=True,
        )
        results.append(result)
    return results


def menu_lags(
    session: DesktopSession, shell: GnomeShell, workdir: Path, server: StatusServer, flips: int
) -> list[float]:
    server.set_fixture("/openai" + SUMMARY, "statuspage/healthy.json")
    app = start_app(session, workdir, server.url, backend=None, interval=1, second_provider=True)
    probe = SniProbe(session.env["DBUS_SESSION_BUS_ADDRESS"], app.pid)
    lags: list[float] = []
    try:
        key = wait_for(lambda: shell.indicator_key(probe.names()), 30)
        assert key, "the item never showed"

        def export() -> list[str]:
            return exported_lines(probe.layout()[1], gnome_label)

        wait_for(lambda: shown_lines(shell.menu(key) or []) == export(), 20)
        for n in range(flips):
            fixture = "statuspage/outage.json" if n % 2 == 0 else "statuspage/healthy.json"
            before = export()
            server.set_fixture("/openai" + SUMMARY, fixture)
            assert wait_for(lambda b=before: export() != b, 20, interval=0.02)
            changed = time.monotonic()
            same = wait_for(lambda: shown_lines(shell.menu(key) or []) == export(), 20, 0.02)
            lags.append(time.monotonic() - changed if same else float("inf"))
            print(f"flip {n + 1}: GNOME's menu equal after {lags[-1]:.3f} s", flush=True)
            time.sleep(2)
    finally:
        probe.close()
        stop(app)
    return lags


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--starts", type=int, default=30)
    parser.add_argument("--flips", type=int, default=10)
    parser.add_argument("--source", type=Path, help="run the app from this checkout")
    args = parser.parse_args()
    with (
        tempfile.TemporaryDirectory() as tmp,
        DesktopSession(Path(tmp), host=None, notifications=None, screen="1024x768x24") as session,
        StatusServer() as server,
    ):
        if args.source:
            session.env["PYTHONPATH"] = str(args.source.resolve())
        shell = GnomeShell(session)
        shell.start()
        server.set_fixture(SUMMARY, "statuspage/healthy.json")
        results = registrations(session, shell, Path(tmp), server.url, args.starts)
        kept = sum(r is None for r in results)
        print(f"registration: the item stayed in the top bar in {kept} of {len(results)} starts")
        if args.flips:
            lags = menu_lags(session, shell, Path(tmp), server, args.flips)
            print(
                f"menu lag over {len(lags)} flips: median {statistics.median(lags):.3f} s,"
                f" worst {max(lags):.3f} s"
            )
        errors = shell.tray_errors()
        print(f"extension warnings and JS errors: {len(errors)}")
        for error in errors[:5]:
            print(error)
        shell.close()


if __name__ == "__main__":
    main()
