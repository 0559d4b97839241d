"""Starting the tray: display check, single instance, signals, then the controller and pystray."""

from __future__ import annotations

import logging
import signal
import sys
import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from trayapp import history
from trayapp.core.i18n import _
from trayapp.core.identity import APP_NAME, control_bus_name
from trayapp.core.model import Snapshot
from trayapp.desktop import autostart, control, hosts, launcher, selfcheck
from trayapp.desktop.config_watch import ConfigWatcher
from trayapp.desktop.controller import Context, Controller
from trayapp.desktop.display import has_display
from trayapp.desktop.effects import ShellEffects
from trayapp.desktop.instance import AlreadyRunning, InstanceLock
from trayapp.desktop.logs import setup as setup_logs
from trayapp.desktop.prefs_watch import PrefsWatcher
from trayapp.desktop.session import Session
from trayapp.desktop.tray_switch import make_tray
from trayapp.history.recorder import Recorder
from trayapp.polling.detect_cache import FILE_NAME as DETECTED
from trayapp.polling.detect_cache import DetectionCache
from trayapp.polling.thread import PollingThread
from trayapp.settings import paths, prefs
from trayapp.settings.catalogue import load_catalogue
from trayapp.settings.config import Config, load
from trayapp.settings.zone import local_zone
from trayapp.version import version

log = logging.getLogger(__name__)

TerminalView = Callable[[Config], int]


def run(
    config: Config,
    terminal_view: TerminalView,
    debug: bool = False,
    config_error: str | None = None,
    session: Session | None = None,
    first_run: bool = False,
) -> int:
    """Run the tray until Quit; without a display (or a working toolkit), ``terminal_view``.

    ``config_error``: the settings file did not validate (``config`` is then empty). On a
    desktop the tray starts anyway and says so; it applies the file once it is fixed.
    ``session``: what differs from the everyday tray (the demo's clock, files and marks).
    ``first_run``: there is no settings file yet; the settings window opens once.
    """
    session = session or Session()
    log_file = setup_logs(debug=debug, file_name=session.log_name)
    if config_error and not has_display():
        message = _("{app}: configuration error: {error}")
        print(message.format(app=APP_NAME, error=config_error), file=sys.stderr)
        return 78  # EX_CONFIG, as the terminal commands
    if not has_display():
        message = _(
            "{app}: no display (DISPLAY and WAYLAND_DISPLAY are unset); "
            "showing the terminal view instead."
        )
        print(message.format(app=APP_NAME), file=sys.stderr)
        return terminal_view(config)

    lock = InstanceLock(paths.runtime_dir() / session.lock_name)
    try:
        lock.acquire()
    except AlreadyRunning:
        print(_("{app} is already running.").format(app=APP_NAME))
        return 0
    try:
        return _run_tray(config, terminal_view, log_file, config_error, session, first_run)
    finally:
        lock.release()


class Polling:
    """The polling thread, replaced by a new one when the settings change."""

    def __init__(self, make: Callable[[Config], PollingThread], config: Config) -> None:
        self._make = make
        self._thread = make(config)

    def start(self) -> None:
        self._thread.start()

    def restart(self, config: Config) -> None:
        self._thread.stop()  # what it still publishes is dropped (see ``current``)
        self._thread = self._make(config)
        self._thread.start()

    @property
    def current(self) -> threading.Thread:
        """The thread whose snapshots count: an old one's last poll is not the new settings'."""
        return self._thread

    def refresh(self) -> None:
        self._thread.refresh()

    def stop(self) -> None:
        self._thread.stop()


def _run_tray(
    config: Config,
    terminal_view: TerminalView,
    log_file: Path | None,
    config_error: str | None,
    session: Session,
    first_run: bool = False,
) -> int:
    # Before any toolkit, D-Bus or worker thread exists: threads inherit the blocked signals, so
    # SIGTERM can never land on one of them and kill the app without its clean-up.
    _hold_stop_signals()
    data_dir = session.data_dir
    stopping = threading.Event()
    zone = local_zone()
    timebase = session.timebase

    def now() -> datetime:
        return timebase.now().astimezone(zone)

    config_file = config.path or paths.config_file()

    def stop() -> None:
        log.info("quitting")
        stopping.set()
        poller.stop()
        watcher.stop()
        prefs_watcher.stop()
        try:
            tray.stop()
        except Exception:  # e.g. GLib.GError with no notification service on the bus
            log.warning("pystray stop() failed", exc_info=True)

    facts = hosts.gather()
    choice = hosts.choose(facts)
    if not choice.host:
        print(f"{APP_NAME}: {hosts.no_tray_message()}", file=sys.stderr)
    host_seen = [choice.host]

    def host_changed(present: bool) -> None:
        if present and not host_seen[0]:
            log.info("a tray host appeared: the icon is visible now")
        elif not present and host_seen[0]:
            log.warning("no tray host any more: the icon is not visible")
        host_seen[0] = present

    try:
        tray, ui = make_tray(
            choice,
            facts,
            lambda action: controller.on_action(action),
            lambda present: ui.call(lambda: host_changed(present)),
        )
    except Exception as exc:  # no usable toolkit at all
        selfcheck.report()
        return _fall_back(exc, config, terminal_view)
    notice = selfcheck.report()  # no menu, no notifications: one line (and in About)
    # Every whole poll goes to the history file on the recorder's own thread; the histories it
    # reads back reach the controller on the UI thread like any other event.
    recorder = (
        Recorder(
            history.database_path(),
            clock=now,
            on_report=lambda found: ui.call(lambda: controller.on_history(found)),
        )
        if session.record_history
        else None
    )

    def publish(snapshot: Snapshot, complete: bool) -> None:
        if threading.current_thread() is not poller.current:
            return  # a polling thread replaced after a settings change
        # Whole polls, not the quick looks between.
        if recorder is not None and complete and snapshot.observed is None:
            recorder.record(snapshot)
        ui.call(lambda: controller.on_snapshot(snapshot, complete))

    poller = Polling(
        lambda settings: PollingThread(
            settings,
            publish=publish,
            tick=lambda: ui.call(controller.on_tick),
            died=lambda message: ui.call(lambda: controller.on_poller_died(message)),
            saver=lambda saver: (
                ui.call(lambda: controller.on_data_saver(saver))
                if threading.current_thread() is poller.current
                else None
            ),
            timebase=timebase,
            detection=DetectionCache(data_dir / DETECTED),
        ),
        config,
    )
    watcher = ConfigWatcher(
        config_file,
        lambda path: load(path, load_catalogue()),
        on_config=lambda new: ui.call(lambda: controller.on_config(new)),
        on_error=lambda message: ui.call(lambda: controller.on_config_error(message)),
    )
    prefs_watcher = PrefsWatcher(
        data_dir / "prefs.json",
        on_prefs=lambda new: ui.call(lambda: controller.on_prefs(new)),
        autostart=_autostart_enabled,
        on_autostart=lambda enabled: ui.call(lambda: controller.on_autostart(enabled)),
    )
    effects = ShellEffects(
        tray,
        data_dir,
        refresh=poller.refresh,
        quit=stop,
        on_action=lambda action: controller.on_action(action),
        reconfigure=poller.restart,
        config_file=config_file,
        window_failed=lambda name, reason: ui.call(
            lambda: controller.on_window_failed(name, reason)
        ),
        save_prefs=prefs_watcher.save,
        channel=session.channel,
    )
    # Decided once: where no window can ever open (the single-file binary), the details open
    # as a page and Settings… as the file, with no process started only to fail.
    windows = session.windows and launcher.windows_possible()
    controller = Controller(
        config,
        prefs.load(data_dir / "prefs.json"),
        session.effects(effects),
        clock=now,
        context=Context(
            config_file=config_file,
            log_file=log_file,
            version=version(),
            notice=notice or "",
        ),
        autostart=_autostart_enabled(),
        config_error=config_error,
        monotonic=timebase.monotonic,
        windows=windows,
    )
    if windows:
        effects.attach(
            _control_channel(controller, watcher.check_now, tray.backend, session.channel)
        )
    restore = _stop_on_signals(lambda: ui.call(stop))

    def started() -> None:
        controller.start()
        if recorder is not None:
            recorder.start()
        if not choice.host:
            effects.notice(APP_NAME, hosts.no_tray_message())
        session.started(lambda: ui.call(stop))
        poller.start()
        watcher.start()
        prefs_watcher.start()
        if first_run and not config_file.exists():
            controller.on_first_run()  # the settings window with the first run's picks

    try:
        tray.run(setup=lambda: ui.call(started))
    except Exception as exc:
        if not stopping.is_set():
            restore()
            return _fall_back(exc, config, terminal_view)
        # pystray's GTK backend hides its own notification on the way out and raises when
        # no notification service is on the bus; the app is quitting anyway.
        log.warning("pystray failed while closing", exc_info=True)
    finally:
        poller.stop()
        watcher.stop()
        prefs_watcher.stop()
        effects.close()
        if recorder is not None:
            recorder.close()
        log.info("tray stopped")
    return 0


def _control_channel(
    handler: control.ControlHandler,
    reload_settings: Callable[[], None],
    backend: str,
    channel: str = "",
) -> control.Control:
    """The windows' channel to this tray; none where it cannot run (they poll on their own)."""
    if backend not in ("sni", "gtk", "appindicator"):  # no GLib main loop to serve it
        return control.NoControl()
    try:
        from trayapp.desktop.control_dbus import DbusControl  # dbus-python: Linux only

        return DbusControl(handler, reload_settings, control_bus_name(channel))
    except Exception as exc:
        log.warning("no control channel for the windows (%s); they poll on their own", exc)
        return control.NoControl()


def _fall_back(exc: Exception, config: Config, terminal_view: TerminalView) -> int:
    _release_stop_signals()  # the terminal view stops on Ctrl-C again
    log.exception("the tray could not run")
    message = _(
        "{app}: the tray icon could not start ({error}); showing the terminal view instead."
    )
    print(message.format(app=APP_NAME, error=f"{type(exc).__name__}: {exc}"), file=sys.stderr)
    return terminal_view(config)


def _autostart_enabled() -> bool:
    try:
        return autostart.is_enabled()
    except Exception:
        log.warning("could not read the start-at-login setting", exc_info=True)
        return False


STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}


def _hold_stop_signals() -> None:
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)


def _release_stop_signals() -> None:
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)


def _stop_on_signals(stop: Callable[[], None]) -> Callable[[], None]:
    """Make SIGTERM/SIGINT call ``stop``; returns a function that undoes it.

    GTK's main loop runs in C, where Python signal handlers wait for the next bytecode; so on
    POSIX the signals are blocked in every thread and one thread waits for them instead.
    """
    wanted = STOP_SIGNALS
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
