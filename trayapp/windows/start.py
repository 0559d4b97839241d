"""``ai-status-tray details|settings|about``: the windows' process, or the page when no window
can open.

No toolkit is imported here, so the fallback works where GTK 4 is missing. Without a display
there is nothing to fall back to: one line says so, and the exit code is not 0.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from trayapp.core.i18n import _
from trayapp.core.identity import APP_ID, APP_NAME
from trayapp.desktop import logs
from trayapp.desktop.display import has_display
from trayapp.desktop.launcher import CHANNEL_ENV, EX_UNAVAILABLE, FALLBACK_ENV
from trayapp.settings import language
from trayapp.settings.catalogue import load_catalogue
from trayapp.settings.config import Config, ConfigError, load
from trayapp.windows.context import Context

log = logging.getLogger(__name__)

RENDERER = "GSK_RENDERER"


def main(
    name: str, config_file: Path, explicit: bool = False, debug: bool = False, provider: str = ""
) -> int:
    """Show window ``name`` (a running instance raises it) until the last window closes;
    ``provider``: the details window opens at that provider.

    A settings file that does not validate (or, ``explicit``, does not exist) is said in the
    window, as the tray says it, and nothing is watched until it is fixed."""
    channel = _channel()
    # A demo's windows run beside the everyday ones: two processes never rotate one file.
    log_name = f"{channel.lower()}-windows.log" if channel else "windows.log"
    log_file = logs.setup(debug=debug, file_name=log_name)
    try:
        config, problem = load(config_file, load_catalogue(), explicit=explicit), None
    except ConfigError as exc:
        config, problem = Config(providers=(), path=config_file), str(exc)
    # The windows speak the language the tray speaks: the settings' first, else the system's.
    language.apply(language.choose(config.language, os.environ))
    context = Context(config, config_file, problem, log_file, channel)
    if not has_display():
        return _no_display(name, _("no display (DISPLAY and WAYLAND_DISPLAY are unset)"), context)

    # A small window of text: GTK's cairo renderer draws it as fast as GL and spares the GL
    # driver (with Mesa's software GL, 60 MiB of the process's private memory). For GTK only:
    # the app takes it back once its first window is drawn (GTK has read it for good by then),
    # so a browser or editor it starts does not inherit it.
    renderer = RENDERER not in os.environ
    if renderer:
        os.environ[RENDERER] = "cairo"
    from trayapp.windows import toolkit

    try:
        toolkit.require()
    except toolkit.NoDisplay as exc:
        return _no_display(name, str(exc), context)
    except toolkit.Unavailable as exc:
        return _unavailable(name, str(exc), context)
    from trayapp.windows.app import WindowsApp

    app = WindowsApp(context, renderer_env=RENDERER if renderer else None)
    _quit_on_signals(app)
    if os.environ.get(FALLBACK_ENV) or context.channel:
        _close_with_the_tray(app)
    return int(app.run([APP_ID, name, *([provider] if provider else [])]))


def _channel() -> str:
    """The channel of the tray that started this process (a demo's), else ""."""
    channel = os.environ.get(CHANNEL_ENV, "")
    if channel and not (channel.isascii() and channel.isalpha() and len(channel) <= 20):
        log.warning("ignoring %s: not a channel's name", CHANNEL_ENV)
        return ""
    return channel


def _no_display(name: str, reason: str, context: Context) -> int:
    """One line (as the tray says it) with what to do instead; no toolkit is touched."""
    log.warning("no window: %s", reason)
    if name == "settings":
        hint = _("the settings are in {path}").format(path=context.config_file)
    elif name == "about":
        from trayapp.version import version

        hint = _("this is version {version}").format(version=version())
    else:
        hint = _("in a terminal, try: {command}").format(command=f"{APP_ID} status")
    message = _("{app}: {reason}, so no window can open; {hint}.")
    print(message.format(app=APP_NAME, reason=reason, hint=hint), file=sys.stderr)
    return EX_UNAVAILABLE


def _quit_on_signals(app: Any) -> None:
    """Ctrl+C and SIGTERM close every window and end the process as Quit does, without a
    traceback. Python's handlers run on the main loop: PyGObject wakes it for them, and leaves
    SIGINT alone once a handler of ours is set."""

    def close(signum: int, _frame: object) -> None:
        log.info("received %s: closing the windows", signal.Signals(signum).name)
        app.quit()

    for stop in (signal.SIGINT, signal.SIGTERM):
        signal.signal(stop, close)


def _close_with_the_tray(app: Any) -> None:
    """A window the tray opened is the tray's: when that tray leaves the session bus (Quit,
    SIGTERM, a crash, logout), its windows close, rather than start polling on their own.
    A tray without a control channel is never seen, so its windows stay and poll."""
    seen: list[bool] = []

    def follow(present: bool) -> None:
        if present:
            seen.append(True)
        elif seen:
            log.info("the tray that opened these windows has quit: closing them")
            app.quit()

    app.tray.on_presence(follow)


def _unavailable(name: str, reason: str, context: Context) -> int:
    log.warning("no window: %s", reason)
    if os.environ.get(FALLBACK_ENV):  # started by the tray, which shows its own page
        print(reason, file=sys.stderr)
        return EX_UNAVAILABLE
    if name == "settings":  # the file in an editor, as before the window existed
        return _settings_in_editor(reason, context)
    if name not in ("details", "about"):
        print(_("{app}: the window could not open: {reason}").format(app=APP_ID, reason=reason))
        return EX_UNAVAILABLE
    print(
        _("{app}: the window could not open ({reason}); opening the page in the browser.").format(
            app=APP_ID, reason=reason
        ),
        file=sys.stderr,
    )
    _open_page(name, reason, context)
    return 0


def _settings_in_editor(reason: str, context: Context) -> int:
    from trayapp.desktop import opener
    from trayapp.settings.config import write_default_config

    message = _("{app}: the settings window could not open ({reason}); opening {path}")
    print(message.format(app=APP_ID, reason=reason, path=context.config_file), file=sys.stderr)
    if not context.config_file.exists():
        write_default_config(context.config_file)
    return 0 if opener.open_file(context.config_file) else EX_UNAVAILABLE


def _open_page(name: str, reason: str, context: Context) -> None:
    """One poll, shown as the details page (what the tray shows where no window opens)."""
    from trayapp import history
    from trayapp.desktop import opener
    from trayapp.history.writer import HistoryWriter
    from trayapp.polling.oneshot import poll_once
    from trayapp.settings import paths
    from trayapp.settings.zone import local_zone
    from trayapp.version import version
    from trayapp.views import details

    now = datetime.now(local_zone())
    snapshot = poll_once(context.config)
    writer = HistoryWriter(history.database_path())
    try:
        writer.record(snapshot)
        found = writer.read(now) or []
    finally:
        writer.close()
    note = _("The window could not open ({reason}); showing this page instead.")
    page = details.render(
        snapshot,
        now,
        log_file=context.log_file,
        config_file=context.config_file,
        version=version(),
        history={h.id: h for h in found},
        note=note.format(reason=reason),
    )
    path = opener.write_page(paths.data_dir() / "details.html", page)
    opener.open_page(path, "about" if name == "about" else "")
