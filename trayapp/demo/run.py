"""``ai-status-tray demo``: a real outage replayed on the real tray, with no network at all.

The scenario's pages are served on 127.0.0.1 as they read at the replay's time; the app polls
them as it polls the real ones, on a clock that runs ``speed`` times faster (60: a minute is an
hour) and reads the scenario's own day. Everything it would write goes to a throwaway directory:
no history, and the user's settings, menu choices and detected platforms stay untouched. It
ends by itself with one line saying what it announced, and when.
"""

from __future__ import annotations

import contextlib
import logging
import signal
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from trayapp.core.i18n import _
from trayapp.core.identity import DEMO_CHANNEL
from trayapp.core.model import ProviderSpec
from trayapp.demo import scenario as scenarios
from trayapp.demo.clock import VirtualClock
from trayapp.demo.closing import closing_line, starting_line
from trayapp.demo.marks import Announced, DemoEffects
from trayapp.demo.scenario import Page, Scenario
from trayapp.demo.server import ReplayServer
from trayapp.desktop.app import run as run_tray
from trayapp.desktop.controller import Effects
from trayapp.desktop.logs import setup as setup_logs
from trayapp.desktop.session import Session
from trayapp.settings.catalogue import load_catalogue
from trayapp.settings.config import Config
from trayapp.settings.zone import local_zone

log = logging.getLogger(__name__)

DEFAULT = scenarios.DEFAULT
# The demo's own log: it runs beside the everyday tray, and two processes never rotate one file.
LOG_NAME = "demo.log"
MIN_REAL_POLL = 0.5  # seconds between polls, at least, whatever the speed


def list_scenarios() -> int:
    rows = [(s.name, _(s.about)) for s in scenarios.every()]
    width = max(len(name) for name, _about in rows)
    for name, about in rows:
        marker = "*" if name == scenarios.DEFAULT else " "
        print(f"{marker} {name:<{width}}  {about}")
    print("\n" + _("* = the default. Run one with: ai-status-tray demo --scenario NAME"))
    return 0


def label(scenario: Scenario, speed: float) -> str:
    """What the menu's first line and the closing line call the replay."""
    return _("Demo: {title} — replayed at {speed}×").format(
        title=_(scenario.title), speed=f"{speed:g}"
    )


def watched(scenario: Scenario, server_url: str) -> tuple[ProviderSpec, ...]:
    """The scenario's providers as the catalogue has them, read from the replay instead.

    No API probe (it would leave the machine); only the catalogue's components that the
    replayed page has (a product launched later is not missing from an older day's page).
    """
    catalogue = load_catalogue()
    return tuple(
        replace(
            catalogue[pid],
            url=f"{server_url}/{pid}",
            probe=None,
            components=_on_page(catalogue[pid].components, scenario.pages[pid]),
        )
        for pid in scenario.providers
    )


def _on_page(components: tuple[str, ...], page: Page) -> tuple[str, ...]:
    names = {n.casefold() for n in page.components} | {
        g.name.casefold() for g in page.groups if g.name
    }
    names |= {n.split(" (", 1)[0].casefold() for n in page.components}
    return tuple(c for c in components if c.casefold() in names)


def poll_interval(speed: float) -> float:
    """Seconds of the replay between polls: a minute, as everyday, or more at high speeds."""
    return max(60.0, speed * MIN_REAL_POLL)


def replay_config(scenario: Scenario, server_url: str, speed: float, data_dir: Path) -> Config:
    """What the tray watches in a replay, and how often.

    No data saver: the replay uses no network, so the connection's metered flag (the host's
    NetworkManager) has no say in its pace or its menu."""
    interval = poll_interval(speed)
    return Config(
        providers=watched(scenario, server_url),
        poll_interval=interval,
        cheap_poll_interval=interval,
        data_saver=False,
        path=data_dir / "settings.toml",  # never written: the watcher finds nothing to load
    )


def run(name: str, speed: float, debug: bool) -> int:
    """Replay ``name`` on the tray (in the terminal without a display); the closing line last."""
    scenario = scenarios.load(name)
    clock = VirtualClock(scenario.start, speed, scenario.skips)
    zone = local_zone()

    def now() -> datetime:
        return clock.now().astimezone(zone)

    def first_look() -> datetime:
        clock.start()  # the replay begins with the app's first look at its pages
        return clock.now()

    announced = Announced(now)
    title = label(scenario, speed)
    setup_logs(debug=debug, file_name=LOG_NAME)
    log.info("demo: %s at %g×", scenario.name, speed)
    with (
        _sigterm_as_interrupt(),
        tempfile.TemporaryDirectory(prefix="ai-status-tray-demo-") as folder,
        contextlib.ExitStack() as stack,
    ):
        with _stop_signals_held():  # the server's threads never take Ctrl+C or SIGTERM
            server = stack.enter_context(ReplayServer(scenario, first_look))
        data_dir = Path(folder)
        config = replay_config(scenario, server.url, speed, data_dir)

        def terminal(config: Config) -> int:
            from trayapp.demo.terminal import replay

            return replay(config, clock, scenario.end, title, announced, data_dir, now)

        session = Session(
            timebase=clock.timebase(),
            data_dir=data_dir,
            record_history=False,
            # The real details and About windows, following this tray alone (its clock, its
            # polls) under names of their own: the everyday tray's windows are never raised,
            # fed or steered by a replay. Where no window can open, the page with the banner.
            windows=True,
            channel=DEMO_CHANNEL,
            lock_name="demo.lock",
            log_name=LOG_NAME,
            effects=lambda effects: _marked(effects, title, announced),
            started=lambda stop: _until_the_end(clock, scenario.end, stop, title),
        )
        # Without a display (or a toolkit), the tray's own fallback: the terminal view.
        try:
            code = run_tray(config, terminal, debug=debug, session=session)
        except KeyboardInterrupt:  # before the tray took the signals over
            code = 0
    print(closing_line(_(scenario.title), announced.items, now()), flush=True)
    return code


STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}


@contextlib.contextmanager
def _stop_signals_held() -> Iterator[None]:
    """Threads started in here keep SIGINT and SIGTERM blocked for good, so these reach the
    tray's signal thread (which ends the replay properly), never a thread of the server (where
    the process would die at once, or GLib's loop raise KeyboardInterrupt)."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


@contextlib.contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """Until the tray takes the signals over, SIGTERM ends the demo as Ctrl+C does: with its
    closing line, its temporary folder removed."""

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _marked(effects: Effects, title: str, announced: Announced) -> Effects:
    return DemoEffects(effects, title, announced)


def _until_the_end(
    clock: VirtualClock, ends: datetime, stop: Callable[[], None], title: str
) -> None:
    """Say what is replayed, and end the tray when the replay reaches ``ends``."""
    print(starting_line(title, clock.real_seconds_left(ends)), flush=True)

    def wait() -> None:
        wait_until(clock, ends)
        stop()

    threading.Thread(target=wait, name="replay-end", daemon=True).start()


def wait_until(clock: VirtualClock, ends: datetime) -> None:
    """Sleep until the replay reaches ``ends``."""
    began = time.monotonic()
    while not clock.over(ends, began):
        time.sleep(min(max(clock.real_seconds_left(ends), 0.05), 0.5))
