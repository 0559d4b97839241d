"""The demo without a display: the replay in the terminal, ``watch``-like, with what the tray
would have announced printed as it happens (the same controller decides)."""

from __future__ import annotations

import contextlib
import queue
import shutil
import signal
import sys
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

from trayapp.core.model import Snapshot
from trayapp.core.timefmt import clock_with_zone
from trayapp.demo.clock import VirtualClock
from trayapp.demo.marks import Announced
from trayapp.desktop.controller import Announcement, Context, Controller, IconLook
from trayapp.polling.detect_cache import FILE_NAME, DetectionCache
from trayapp.polling.thread import PollingThread
from trayapp.settings.config import Config
from trayapp.settings.prefs import Prefs
from trayapp.views.menu_model import Entry
from trayapp.views.report import table

CLEAR = "\x1b[H\x1b[2J"
SHOWN_NEWS = 8  # the latest announcements under the table


class TerminalEffects:
    """What the controller asks, in a terminal: the announcements are kept as lines."""

    def __init__(self, announced: Announced, now: Callable[[], datetime]) -> None:
        self._announced = announced
        self._now = now
        self.news: list[str] = []

    def notify(self, item: Announcement) -> None:
        self._announced.note(item)
        when = clock_with_zone(self._now(), self._now())
        self.news.append(f"» {when}  {item.title} — {item.message}")

    def set_icon(self, look: IconLook) -> None: ...
    def set_title(self, text: str) -> None: ...
    def set_menu(self, entries: tuple[Entry, ...]) -> None: ...
    def open_url(self, url: str) -> None: ...
    def open_page(self, html: str, fragment: str) -> None: ...
    def show_window(self, name: str) -> None: ...
    def publish_details(self, details: str) -> None: ...
    def open_settings(self, path: Path) -> None: ...
    def save_prefs(self, prefs: Prefs) -> None: ...
    def apply_config(self, config: Config) -> None: ...
    def refresh(self) -> None: ...
    def quit(self) -> None: ...

    def set_autostart(self, enabled: bool) -> bool:
        return not enabled


def replay(
    config: Config,
    clock: VirtualClock,
    ends: datetime,
    label: str,
    announced: Announced,
    data_dir: Path,
    now: Callable[[], datetime],
) -> int:
    """Poll the replay until ``ends`` (the replay's time) or Ctrl-C, drawing as it goes."""
    events: queue.Queue[tuple[Snapshot, bool] | str] = queue.Queue()
    effects = TerminalEffects(announced, now)
    controller = Controller(
        config,
        Prefs(),
        effects,
        clock=now,
        context=Context(config_file=config.path or data_dir / "settings.toml"),
        monotonic=clock.monotonic,
    )
    poller = PollingThread(
        config,
        publish=lambda snapshot, complete: events.put((snapshot, complete)),
        tick=lambda: None,
        died=events.put,
        timebase=clock.timebase(),
        detection=DetectionCache(data_dir / FILE_NAME),
    )
    tty = sys.stdout.isatty()
    width = max(60, shutil.get_terminal_size((100, 24)).columns)
    began = time.monotonic()
    poller.start()  # its first look at the replayed pages starts the replay's clock
    drawn: tuple[object, ...] | None = None
    told = 0
    if not tty:
        print(label, flush=True)
    with _sigterm_as_interrupt(), contextlib.suppress(KeyboardInterrupt):
        try:
            while not clock.over(ends, began):
                try:
                    event = events.get(timeout=0.25)
                except queue.Empty:
                    continue
                if isinstance(event, str):  # the polling thread died: say so, and end
                    print(event, file=sys.stderr)
                    return 1
                snapshot, complete = event
                controller.on_snapshot(snapshot, complete)
                if not complete:
                    continue
                if tty:
                    news = "\n".join(effects.news[-SHOWN_NEWS:])
                    page = f"{CLEAR}{label}\n\n{table(snapshot, now(), width)}\n\n{news}"
                    print(page.rstrip(), flush=True)
                    continue
                states = tuple(p.state for p in snapshot.providers)
                if states != drawn:  # a pipe gets the table when something changed
                    drawn = states
                    print(table(snapshot, now(), width), flush=True)
                for line in effects.news[told:]:
                    print(line, flush=True)
                told = len(effects.news)
        finally:
            poller.stop()
    return 0


@contextlib.contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """SIGTERM ends the replay as Ctrl-C does: with its closing line."""

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, interrupt)
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
