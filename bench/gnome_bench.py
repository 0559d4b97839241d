"""GNOME Shell 43 + the AppIndicator extension v46, or KDE Plasma 5.27 (``--host plasma``), on
Xvfb as the tests run them (tests/e2e/gnome.py, plasma.py):

- registration: the app started N times in a row (30 by default), each start checked in the
  host: GNOME, the item is in the top bar with its menu, and still is 3 s later; Plasma, its
  icon is in the tray (pixels), and still is 3 s later;
- menu: GNOME, how long after the app's menu changes (a provider flipping between operational
  and major outage) the menu GNOME shows equals the export again, median and worst of M flips;
  Plasma reads the menu when it opens: after each flip the menu is opened with a right click and
  read through AT-SPI, and counted when the first opening shows the export.

``--source DIR`` runs the app from another checkout (``PYTHONPATH``), e.g. an older commit, to
measure what the figures were before.

Run by hand: ``.venv/bin/python -m bench.gnome_bench [--host plasma] [--starts 30] [--flips 10]``.
"""

from __future__ import annotations

import argparse
import difflib
import statistics
import tempfile
import time
from pathlib import Path

from tests.e2e.app_runner import SUMMARY, start_app, stop
from tests.e2e.desktop_session import DesktopSession
from tests.e2e.gnome import GnomeShell, gnome_label, one_start, shown_lines
from tests.e2e.plasma import PlasmaShell, menu_lines
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


def plasma_start(
    session: DesktopSession, shell: PlasmaShell, workdir: Path, url: str
) -> str | None:
    """One start on Plasma: None when the icon is in the tray, and still is 3 s later."""
    app = start_app(session, workdir, url, backend=None, interval=60)
    try:
        if not wait_for(shell.icon_box, 30):
            return "never shown"
        time.sleep(3)
        return None if shell.icon_box() else "gone after 3 s"
    finally:
        stop(app)
        wait_for(lambda: shell.icon_box() is None, 10)


def plasma_menus(
    session: DesktopSession, shell: PlasmaShell, workdir: Path, server: StatusServer, flips: int
) -> list[tuple[bool, float]]:
    """(the first opening showed the export, seconds from the change to the reading done)."""
    server.set_fixture("/openai" + SUMMARY, "statuspage/healthy.json")
    app = start_app(session, workdir, server.url, backend=None, interval=1, second_provider=True)
    probe = SniProbe(session.env["DBUS_SESSION_BUS_ADDRESS"], app.pid)
    results: list[tuple[bool, float]] = []
    try:
        assert wait_for(shell.icon_box, 30), "the icon never showed"
        for n in range(flips):
            fixture = "statuspage/outage.json" if n % 2 == 0 else "statuspage/healthy.json"
            before = exported_lines(probe.layout()[1])
            server.set_fixture("/openai" + SUMMARY, fixture)
            assert wait_for(lambda b=before: exported_lines(probe.layout()[1]) != b, 20, 0.02)
            changed, export = time.monotonic(), top(exported_lines(probe.layout()[1]))
            shown = top(menu_lines(shell.open_menu() or []))
            took = time.monotonic() - changed
            if top(exported_lines(probe.layout()[1])) != export:
                print(f"flip {n + 1}: the header's time turned while reading; not counted")
            else:
                results.append((shown == export, took))
                print(
                    f"flip {n + 1}: first opening {'equal' if shown == export else 'DIFFERENT'},"
                    f" read {took:.1f} s after the change",
                    flush=True,
                )
                if not shown:
                    print("  no menu read (the reader missed it, or none came up)")
                elif shown != export:
                    print("\n".join(difflib.unified_diff(export, shown, lineterm="")))
            time.sleep(2)
    finally:
        probe.close()
        stop(app)
    return results


def top(lines: list[str]) -> list[str]:
    """The menu's first level: header and providers, which a flip changes (an outage's uptime
    figures in the submenus move with each 1 s poll)."""
    return [line for line in lines if not line.startswith(" ")]


def run_plasma(args: argparse.Namespace, session: DesktopSession, server: StatusServer) -> None:
    shell = PlasmaShell(session)
    shell.start()
    workdir = session.workdir
    results = []
    for n in range(args.starts):
        results.append(plasma_start(session, shell, workdir, server.url))
        print(f"start {n + 1}: {results[-1] or 'in the tray, and still 3 s later'}", flush=True)
    kept = sum(r is None for r in results)
    print(f"registration: the icon stayed in Plasma's tray in {kept} of {len(results)} starts")
    if args.flips:
        menus = plasma_menus(session, shell, workdir, server, args.flips)
        equal = sum(same for same, _ in menus)
        print(
            f"menu: the first opening after a flip showed the export in {equal} of {len(menus)};"
            f" read {statistics.median(t for _, t in menus):.1f} s median after the change"
        )
    print(f"QML errors from the tray: {len(shell.tray_errors())}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", choices=("gnome", "plasma"), default="gnome")
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
        server.set_fixture(SUMMARY, "statuspage/healthy.json")
        if args.host == "plasma":
            run_plasma(args, session, server)
            return
        shell = GnomeShell(session)
        shell.start()
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
