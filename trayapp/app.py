"""Starting the tray: display check, single instance, signals, then pystray."""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading
from collections.abc import Callable

from trayapp import APP_NAME, paths
from trayapp.config import Config
from trayapp.instance import AlreadyRunning, InstanceLock

log = logging.getLogger(__name__)


def has_display() -> bool:
    """On Linux a tray needs X11 or Wayland; elsewhere the desktop is always there."""
    if sys.platform.startswith("linux") or "bsd" in sys.platform:
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True


def run(config: Config, debug: bool = False) -> int:
    from trayapp.cli import cmd_watch
    from trayapp.logs import setup

    log_file = setup(debug=debug)
    if not has_display():
        print(
            f"{APP_NAME}: no display (DISPLAY and WAYLAND_DISPLAY are unset); "
            "showing the terminal view instead.",
            file=sys.stderr,
        )
        return cmd_watch(config)

    lock = InstanceLock(paths.runtime_dir() / "instance.lock")
    try:
        lock.acquire()
    except AlreadyRunning:
        print(f"{APP_NAME} is already running.")
        return 0

    from trayapp.tray import TrayApp

    app = TrayApp(config, log_file)
    restore = _stop_on_signals(app.stop)
    try:
        app.run()
    except Exception as exc:  # no session bus, broken toolkit
        log.exception("the tray could not run")
        print(
            f"{APP_NAME}: the tray icon could not start ({type(exc).__name__}: {exc}); "
            "showing the terminal view instead.",
            file=sys.stderr,
        )
        restore()
        return cmd_watch(config)
    finally:
        lock.release()
    return 0


def _stop_on_signals(stop: Callable[[], None]) -> Callable[[], None]:
    """Make SIGTERM/SIGINT call ``stop``; returns a function that undoes it.

    GTK's main loop runs in C, where Python signal handlers wait for the next bytecode; so on
    POSIX the signals are blocked in every thread and one thread waits for them instead.
    """
    wanted = {signal.SIGINT, signal.SIGTERM}
    if not (hasattr(signal, "pthread_sigmask") and hasattr(signal, "sigwait")):
        previous = {sig: signal.signal(sig, lambda *_: stop()) for sig in wanted}

        def put_back() -> None:
            for sig, handler in previous.items():
                signal.signal(sig, handler)

        return put_back

    signal.pthread_sigmask(signal.SIG_BLOCK, wanted)
    active = threading.Event()
    active.set()

    def wait() -> None:
        received = signal.sigwait(wanted)
        log.info("received %s", signal.Signals(received).name)
        if active.is_set():
            stop()

    threading.Thread(target=wait, name="signals", daemon=True).start()

    def restore() -> None:
        active.clear()
        signal.pthread_sigmask(signal.SIG_UNBLOCK, wanted)

    return restore
