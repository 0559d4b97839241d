"""The command line: ``ai-status-tray`` (the tray) and its commands (status, watch, history,
providers, add, config, demo, details, settings, about)."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import signal
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from trayapp import history
from trayapp.cli_parser import EXIT_UNKNOWN, build_parser
from trayapp.core.i18n import _, ngettext
from trayapp.core.identity import APP_ID
from trayapp.core.model import ProviderSpec, Snapshot
from trayapp.core.urls import without_userinfo
from trayapp.desktop import logs
from trayapp.settings import language, paths
from trayapp.settings.catalogue import DEFAULT_ENABLED, load_catalogue
from trayapp.settings.config import Config, ConfigError, load, write_default_config
from trayapp.settings.zone import local_zone
from trayapp.sources import PLATFORMS

log = logging.getLogger(__name__)

EXIT_CONFIG = 78  # EX_CONFIG: never start half-configured
WINDOWS = ("details", "settings", "about")  # commands that open a window (trayapp.windows)


def main(argv: Sequence[str] | None = None) -> int:
    """Every command; a reader that stops early (``history | head``) or a Ctrl+C ends it
    quietly."""
    _stop_signals_as_usual()
    try:
        code = _command(argv)
        sys.stdout.flush()  # here, where a reader gone is still caught
        return code
    except KeyboardInterrupt:  # before a command took Ctrl+C over (or one that does not)
        return 130  # 128 + SIGINT, as shells count it
    except BrokenPipeError:
        if not _stdout_gone():
            raise
        _stdout_to_devnull()
        return 0  # the reader has what it wanted


def _stop_signals_as_usual() -> None:
    """A process started by the tray (a window) inherits the tray's blocked SIGINT and SIGTERM
    (``desktop/app.py``): without this, ``kill`` would not end it. A signal that came before
    is delivered now."""
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})


def _stdout_gone() -> bool:
    """Whether the pipe on stdout has lost its reader (not some other broken pipe)."""
    import select

    if not hasattr(select, "poll"):
        return True
    try:
        watch = select.poll()
        watch.register(sys.stdout.fileno(), select.POLLOUT)
        return any(events & select.POLLERR for _fd, events in watch.poll(0))
    except (OSError, ValueError):
        return True


def _stdout_to_devnull() -> None:
    """So the interpreter's last flush of what is still buffered does not fail again."""
    with contextlib.suppress(OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _command(argv: Sequence[str] | None) -> int:
    language.apply(language.choose(None, os.environ))  # until the config says otherwise
    args = build_parser().parse_args(argv)
    config_path: Path = args.config or paths.config_file()
    if args.command in WINDOWS:
        # Their own process, their own log; GTK 4 only there: the tray never imports it.
        from trayapp.windows.start import main as show_window

        return show_window(
            args.command,
            config_path,
            explicit=args.config is not None,
            debug=args.debug,
            provider=getattr(args, "provider", None) or "",
        )
    if args.command not in (None, "demo"):  # the tray and the demo set up their own log
        logs.setup(debug=args.debug)
    if args.command == "config":
        return cmd_config(config_path, args.init)
    if args.command == "history":
        return cmd_history(args.provider, args.days, args.json, args.forget)
    if args.command == "status":
        return _guarded_status(config_path, args.config is not None, args.json)
    if args.command == "demo":
        return cmd_demo(config_path, args.scenario, args.list, args.speed, args.debug)
    catalogue = load_catalogue()
    try:
        # `add` creates the file it is given; every other command needs it to exist.
        explicit = args.config is not None and args.command != "add"
        config = load(config_path, catalogue, explicit=explicit)
    except ConfigError as exc:
        if args.command is None:  # the tray: on a desktop it says so itself, and waits for a fix
            from trayapp.desktop.app import run

            empty = Config(providers=(), path=config_path)
            return run(empty, cmd_watch, debug=args.debug, config_error=str(exc))
        print(_config_error(exc), file=sys.stderr)
        return EXIT_CONFIG
    if config.language:
        language.apply(config.language)
    if args.command == "providers":
        return cmd_providers(config, args.json)
    if args.command == "add":
        return cmd_add(config_path, catalogue, config, args.url, args.name, args.product)
    if args.command == "watch":
        return cmd_watch(config)
    from trayapp.desktop.app import run  # the tray pulls in Pillow and pystray: only when needed

    first_run = args.config is None and not config_path.exists()
    return run(config, cmd_watch, debug=args.debug, first_run=first_run)


def _config_error(exc: ConfigError) -> str:
    return _("{app}: configuration error: {error}").format(app=APP_ID, error=exc)


def cmd_config(path: Path, init: bool) -> int:
    if init:
        if path.exists():
            print(_("{path} already exists; left as it is.").format(path=path))
        else:
            write_default_config(path)
            print(_("Wrote a commented default to {path}").format(path=path))
    else:
        print(path)
    return 0


def cmd_demo(config_path: Path, name: str | None, listing: bool, speed: float, debug: bool) -> int:
    """Replay a real outage; the user's settings only choose the language (when they load)."""
    from trayapp.demo import run as demo  # the replay's server and data: only for the demo

    with contextlib.suppress(ConfigError):
        chosen = load(config_path, load_catalogue()).language
        if chosen:
            language.apply(chosen)
    if listing:
        return demo.list_scenarios()
    return demo.run(name or demo.DEFAULT, speed, debug)


def cmd_providers(config: Config, as_json: bool = False) -> int:
    watched = {spec.id: spec for spec in config.providers}
    catalogue = load_catalogue()
    if as_json:
        print(json.dumps(providers_json(catalogue, config), indent=2, ensure_ascii=False))
        return 0
    rows = [
        (
            spec.id in watched,
            spec.id,
            f"{spec.name} ({spec.vendor})" if spec.vendor else spec.name,
            spec.type,
            spec.status_page,
        )
        # A catalogue entry the config overrides is shown as the config has it.
        for spec in (watched.get(pid, base) for pid, base in catalogue.items())
    ]
    rows += [
        (True, spec.id, _("{name} (yours)").format(name=spec.name), spec.type, spec.status_page)
        for spec in config.providers
        if spec.id not in catalogue
    ]
    head = (_("ID"), _("NAME"), _("TYPE"), _("STATUS PAGE"))
    id_w = max(len(head[0]), *(len(r[1]) for r in rows))
    name_w = max(len(head[1]), *(len(r[2]) for r in rows))
    type_w = max(11, len(head[2]))
    print(f"   {head[0]:<{id_w}}  {head[1]:<{name_w}}  {head[2]:<{type_w}}  {head[3]}")
    for on, pid, name, kind, url in rows:
        print(f" {'*' if on else ' '} {pid:<{id_w}}  {name:<{name_w}}  {kind:<{type_w}}  {url}")
    footer = _("* = watched. Default when unconfigured: {ids}.")
    print("\n" + footer.format(ids=", ".join(DEFAULT_ENABLED)))
    return 0


def cmd_history(provider: str | None, days: int, as_json: bool, forget: bool) -> int:
    # The commands' own modules are imported where they run: the tray keeps what it imports.
    from trayapp.history import command as history_command

    if forget:
        return history_command.forget(history.database_path())
    return history_command.show(history.database_path(), _now(), provider, days, as_json)


def _now() -> datetime:
    """Now in the user's zone; ``AI_STATUS_TRAY_NOW`` (ISO 8601) pins it, for tests only."""
    pinned = os.environ.get("AI_STATUS_TRAY_NOW")
    if pinned:
        return datetime.fromisoformat(pinned).astimezone(local_zone())
    return datetime.now(local_zone())


def providers_json(catalogue: dict[str, ProviderSpec], config: Config) -> list[dict[str, Any]]:
    """The catalogue, then the user's own providers; ``enabled`` marks the watched ones."""
    watched = {spec.id: spec for spec in config.providers}
    rows = [watched.get(pid, spec) for pid, spec in catalogue.items()]
    rows += [spec for spec in config.providers if spec.id not in catalogue]
    return [
        {
            "id": spec.id,
            "name": spec.name,
            "vendor": spec.vendor,
            "type": spec.type,
            "url": spec.status_page,  # without credentials
            "fallback_urls": [without_userinfo(u) for u in spec.fallback_urls],
            "components": list(spec.components),
            "chat_url": spec.chat_url,
            "enabled": spec.id in watched,
            "verified": spec.verified,
            "catalogue": spec.id in catalogue,
        }
        for spec in rows
    ]


def cmd_add(
    path: Path,
    catalogue: dict[str, ProviderSpec],
    config: Config,
    url: str,
    name: str | None,
    product: str | None = None,
) -> int:
    """Detect the platform of ``url``, show what it has and append it to the config."""
    # Here, like the other polling commands: `history` starts faster without.
    from trayapp.polling import add_page
    from trayapp.settings.config_append import append_provider, provider_table

    try:
        found = add_page.find(url, config.providers, catalogue, name, product)
    except add_page.NotAdded as exc:
        message = _("{app}: {url}: {problem}").format(app=APP_ID, url=url, problem=exc)
        print(message, file=sys.stderr)
        return exc.code
    spec, names = found.spec, found.components
    print(
        _("Platform found at {url}: {platform}").format(
            platform=_(PLATFORMS[spec.type]), url=spec.url
        )
    )
    if names:
        print(
            ngettext("{count} component:", "{count} components:", len(names)).format(
                count=len(names)
            )
        )
        for component in names:
            print(f"  - {component}")
    else:
        print(_("No components listed (the whole page is watched)."))
    table = provider_table(spec)
    try:
        append_provider(path, table, catalogue)
    except ConfigError as exc:
        print(_("{app}: not added: {error}").format(app=APP_ID, error=exc), file=sys.stderr)
        return 78
    print(_("Added to {path}:").format(path=path))
    print(table, end="")
    return 0


def _guarded_status(config_path: Path, explicit: bool, as_json: bool) -> int:
    """``status`` keeps its promise: 0-3 (78 for a bad config), one clear line on failure."""
    try:
        config = load(config_path, load_catalogue(), explicit=explicit)
    except ConfigError as exc:
        print(_config_error(exc), file=sys.stderr)
        return EXIT_CONFIG
    except Exception as exc:
        log.exception("status: reading the configuration failed")
        print(
            _("{app}: status unknown: {error}").format(app=APP_ID, error=_one_line(exc)),
            file=sys.stderr,
        )
        return EXIT_UNKNOWN
    if config.language:
        language.apply(config.language)
    try:
        return cmd_status(config, as_json)
    except Exception as exc:  # a bug must not read as "1 = degraded" to a monitoring system
        log.exception("status failed")
        print(
            _("{app}: status unknown: {error}").format(app=APP_ID, error=_one_line(exc)),
            file=sys.stderr,
        )
        return EXIT_UNKNOWN


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())[:200]
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def cmd_status(config: Config, as_json: bool) -> int:
    # Imported here: httpx and asyncio are a third of the start-up time `history` does not need.
    from trayapp.history import command as history_command
    from trayapp.polling.oneshot import poll_once
    from trayapp.views.report import exit_code, table, to_json

    snapshot = poll_once(config)
    history_command.record_once(history.database_path(), snapshot)
    if as_json:
        text = json.dumps(to_json(snapshot), indent=2, ensure_ascii=False)
    else:
        text = table(snapshot, datetime.now(local_zone()), _width())
    try:
        print(text, flush=True)
    except BrokenPipeError:
        # `status | head`: the reader has what it wanted. No traceback, and the state's code.
        _stdout_to_devnull()
    return exit_code(snapshot)


def cmd_watch(config: Config, iterations: int | None = None) -> int:
    """Redraw a table after every poll until interrupted."""
    import asyncio

    from trayapp.history.recorder import Recorder
    from trayapp.polling.oneshot import watch
    from trayapp.views.report import table

    clear = "\x1b[H\x1b[2J" if sys.stdout.isatty() else ""

    def draw(snapshot: Snapshot) -> None:
        print(clear + table(snapshot, datetime.now(local_zone()), _width()), flush=True)
        if not clear:
            print("-" * 40, flush=True)

    recorder = Recorder(history.database_path(), lambda: datetime.now(local_zone()))
    try:
        with contextlib.suppress(KeyboardInterrupt):
            asyncio.run(watch(config, draw, iterations, on_complete=recorder.record))
    finally:
        recorder.close()
    return 0


def _width() -> int:
    """The terminal's width ($COLUMNS wins, as in other tools); 100 when not a terminal."""
    return max(60, shutil.get_terminal_size((100, 24)).columns)
