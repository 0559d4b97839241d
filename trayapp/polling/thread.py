"""The background thread that polls and hands every snapshot over to the tray."""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import functools
import logging
import sys
import threading
import time
from collections.abc import Awaitable, Callable
from datetime import timedelta

from trayapp.core.datasaver import DataSaver, decide
from trayapp.core.i18n import _
from trayapp.core.model import Snapshot
from trayapp.polling.detect import PageReader
from trayapp.polling.detect_cache import DetectionCache
from trayapp.polling.fetch import Fetcher, make_client
from trayapp.polling.metered import is_metered
from trayapp.polling.poller import RESUME_SLACK, Poller
from trayapp.polling.probe import Prober
from trayapp.polling.sooner import QuickConfirmations
from trayapp.polling.timebase import REAL, Timebase
from trayapp.settings.config import Config

log = logging.getLogger(__name__)

GRACE = 2.0  # seconds before a first, partial snapshot is shown while slow pages are pending
TICK = 30.0  # how often the UI hears that time passed (a pause that ends, history's "ago")
WAKE_CHECK = 5.0  # how often a sleeping thread looks for a suspend/resume


class PollingThread(threading.Thread):
    """Polls every ``config.poll_interval`` seconds or on :meth:`refresh`.

    ``publish(snapshot, complete)`` receives partial snapshots (``complete=False``) and the
    result of each whole poll; ``tick()`` is called between polls; ``died(message)`` is called
    if the thread ever ends other than through :meth:`stop`.

    ``timebase``: the clock polls are dated and spaced by (a replay's runs faster; intervals in
    ``config`` are in its seconds). ``detection``: where found platforms are remembered.
    """

    def __init__(
        self,
        config: Config,
        publish: Callable[[Snapshot, bool], None],
        tick: Callable[[], None],
        died: Callable[[str], None],
        saver: Callable[[DataSaver], None] = lambda _saver: None,
        metered: Callable[[], Awaitable[bool | None]] = is_metered,
        timebase: Timebase = REAL,
        detection: DetectionCache | None = None,
    ) -> None:
        super().__init__(name="poller", daemon=True)
        self._config = config
        self._time = timebase
        self._detection = detection
        self._publish = publish
        self._tick = tick
        self._died = died
        self._saver = saver
        self._metered = metered
        self._stopping = threading.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._wake: asyncio.Event | None = None
        self._task: asyncio.Task[object] | None = None
        self._forced = False

    def run(self) -> None:
        reason = _("stopped")
        try:
            asyncio.run(self._main())
        except asyncio.CancelledError:
            pass
        except BaseException as exc:  # the icon must say so, whatever it was
            log.exception("the polling thread failed")
            reason = f"{type(exc).__name__}: {exc}"
        if not self._stopping.is_set():
            self._died(_("Status checks stopped ({reason}); restart the app").format(reason=reason))

    async def _main(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._wake = asyncio.Event()
        self._task = asyncio.current_task()
        async with make_client() as client:
            # max-age, the witness's recheck and HEAD's full download count on the same clock
            # as the polls (a replay's runs faster).
            fetcher = Fetcher(
                client,
                monotonic=self._time.monotonic,
                wall=lambda: self._time.now().timestamp(),
            )
            poller = Poller(
                self._config.providers,
                fetcher,
                self._config.poll_interval,
                clock=self._time.now,
                pages=PageReader(fetcher, self._detection),
                monotonic=self._time.monotonic,
            )
            poller.prober = Prober(client)
            quick = QuickConfirmations(
                poller,
                clock=self._time.now,
                fetcher=fetcher,
                cheap_interval=self._config.cheap_poll_interval,
            )
            shown: DataSaver | None = None
            while not self._stopping.is_set():
                saving = await self._data_saver()
                if saving != shown:
                    shown = saving
                    self._saver(saving)
                    log.info("data saver %s, polling every %g s", saving.on, saving.interval)
                forced, self._forced = self._forced, False
                try:
                    snapshot = await poller.poll(
                        forced=forced,
                        grace=GRACE,
                        on_partial=lambda partial: self._publish(partial, False),
                    )
                    self._publish(snapshot, True)
                    _release_memory()
                except Exception:  # one bad cycle must not end the polling
                    log.exception("a polling cycle failed")
                    snapshot = None
                # The new pace starts after this poll: the gap before it was the old one's.
                interval = saving.interval
                poller.set_interval(interval)
                quick.cheap_interval = None if saving.on else self._config.cheap_poll_interval
                if snapshot is not None:
                    quick.note(snapshot, self._time.now() + timedelta(seconds=interval))
                # Sleeps until the next poll, asking changed providers once more meanwhile.
                await quick.wait(interval, self._sleep, lambda s: self._publish(s, True))

    async def _data_saver(self) -> DataSaver:
        """On or off for the next poll: the settings, or (on "auto") the connection's flag."""
        config = self._config
        metered = await self._metered() if config.data_saver is None else None
        return decide(config.data_saver, metered, config.poll_interval, config.data_saver_interval)

    async def _sleep(self, seconds: float) -> bool:
        """Wait ``seconds`` (of the timebase) for the next poll; True when a refresh, a stop, a
        suspend or a stepped clock ends the wait early (the regular poll then follows at once)."""
        assert self._loop is not None and self._wake is not None
        deadline = self._loop.time() + self._time.real_seconds(seconds)
        last_tick = self._loop.time()
        while not self._stopping.is_set():
            left = deadline - self._loop.time()
            if left <= 0:
                return False
            mono, wall = time.monotonic(), time.time()
            try:
                await asyncio.wait_for(self._wake.wait(), timeout=min(left, WAKE_CHECK))
            except TimeoutError:
                drift = (time.time() - wall) - (time.monotonic() - mono)
                if abs(drift) > RESUME_SLACK:
                    return True  # the poller sees the same jump and asks every page again
                if self._loop.time() - last_tick >= TICK:
                    last_tick = self._loop.time()
                    self._tick()
                continue
            self._wake.clear()
            return True
        return True

    def refresh(self) -> None:
        """Poll now (skipping backoff, but not a server's Retry-After)."""
        self._forced = True
        self._call(lambda: self._wake.set() if self._wake else None)

    def stop(self) -> None:
        self._stopping.set()
        self._call(lambda: self._task.cancel() if self._task else None)

    def _call(self, callback: Callable[[], object]) -> None:
        loop = self._loop
        if loop is not None and not loop.is_closed():
            with contextlib.suppress(RuntimeError):  # the loop closed in between
                loop.call_soon_threadsafe(callback)


def _release_memory() -> None:
    """Hand memory freed by the poll (parsed documents, a body of up to 5 MB) back to the system.

    glibc keeps freed heap pages mapped and dirty; a tray that lives for weeks should not carry
    its largest answer around. Costs well under a millisecond; does nothing off glibc.
    """
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return None
