"""The command line: ``ai-status-tray [status|watch|providers|config]``."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import os
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import NoReturn

from trayapp.core.i18n import _
from trayapp.core.identity import APP_ID
from trayapp.core.model import Snapshot
from trayapp.desktop import logs
from trayapp.polling.oneshot import poll_once, watch
from trayapp.settings import paths
from trayapp.settings.catalogue import DEFAULT_ENABLED, load_catalogue
from trayapp.settings.config import Config, ConfigError, load, write_default_config
from trayapp.settings.zone import local_zone
from trayapp.version import version
from trayapp.views.report import exit_code, table, to_json

log = logging.getLogger(__name__)

EXIT_UNKNOWN = 3  # the monitoring-plugin convention's UNKNOWN: usage errors and failed checks
EXIT_CONFIG = 78  # EX_CONFIG: never start half-configured


class _Parser(argparse.ArgumentParser):
    """argparse exits 2 on a usage error, which ``status`` promises means "major outage"."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_UNKNOWN, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=APP_ID,
        description="The health of the AI tools you depend on, in your system tray.",
        epilog="Without a command, starts the tray icon (or the terminal view without a display).",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {version()}")
    # The same options after the command; SUPPRESS keeps an unset one from overwriting a value
    # given before the command ("ai-status-tray --config X status").
    common = _Parser(add_help=False)
    common.add_argument(
        "--config",
        type=Path,
        metavar="FILE",
        default=argparse.SUPPRESS,
        help="configuration file to use",
    )
    common.add_argument(
        "--debug",
        action="store_true",
        default=argparse.SUPPRESS,
        help="also print the log to stderr",
    )
    parser.add_argument("--config", type=Path, metavar="FILE", help="configuration file to use")
    parser.add_argument("--debug", action="store_true", help="also print the log to stderr")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    status = commands.add_parser(
        "status", parents=[common], help="poll once and print a table (exit 0/1/2/3)"
    )
    status.add_argument("--json", action="store_true", help="print JSON instead of a table")
    commands.add_parser(
        "watch", parents=[common], help="a live terminal view, redrawn after each poll"
    )
    commands.add_parser("providers", parents=[common], help="list the built-in providers")
    config = commands.add_parser(
        "config", parents=[common], help="print the configuration file's path"
    )
    config.add_argument(
        "--init", action="store_true", help="write a commented default if none exists"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command is not None:
        logs.setup(debug=args.debug)
    config_path: Path = args.config or paths.config_file()
    if args.command == "config":
        return cmd_config(config_path, args.init)
    if args.command == "status":
        return _guarded_status(config_path, args.config is not None, args.json)
    try:
        config = load(config_path, load_catalogue(), explicit=args.config is not None)
    except ConfigError as exc:
        print(f"{APP_ID}: configuration error: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    if args.command == "providers":
        return cmd_providers(config)
    if args.command == "watch":
        return cmd_watch(config)
    from trayapp.desktop.app import run  # the tray pulls in Pillow and pystray: only when needed

    return run(config, cmd_watch, debug=args.debug)


def cmd_config(path: Path, init: bool) -> int:
    if init:
        if path.exists():
            print(f"{path} already exists; left as it is.")
        else:
            write_default_config(path)
            print(f"Wrote a commented default to {path}")
    else:
        print(path)
    return 0


def cmd_providers(config: Config) -> int:
    watched = {spec.id for spec in config.providers}
    catalogue = load_catalogue()
    rows = [
        (
            spec.id in watched,
            spec.id,
            f"{spec.name} ({spec.vendor})" if spec.vendor else spec.name,
            spec.type,
            spec.status_page,
        )
        for spec in catalogue.values()
    ]
    rows += [
        (True, spec.id, f"{spec.name} (yours)", spec.type, spec.status_page)
        for spec in config.providers
        if spec.id not in catalogue
    ]
    id_w = max(len(r[1]) for r in rows)
    name_w = max(len(r[2]) for r in rows)
    print(f"   {'ID':<{id_w}}  {'NAME':<{name_w}}  {'TYPE':<11}  STATUS PAGE")
    for on, pid, name, kind, url in rows:
        print(f" {'*' if on else ' '} {pid:<{id_w}}  {name:<{name_w}}  {kind:<11}  {url}")
    print(f"\n* = watched. Default when unconfigured: {', '.join(DEFAULT_ENABLED)}.")
    return 0


def _guarded_status(config_path: Path, explicit: bool, as_json: bool) -> int:
    """``status`` keeps its promise: 0-3 (78 for a bad config), one clear line on failure."""
    try:
        config = load(config_path, load_catalogue(), explicit=explicit)
    except ConfigError as exc:
        print(f"{APP_ID}: configuration error: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    except Exception as exc:
        log.exception("status: reading the configuration failed")
        print(
            _("{app}: status unknown: {error}").format(app=APP_ID, error=_one_line(exc)),
            file=sys.stderr,
        )
        return EXIT_UNKNOWN
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
    snapshot = poll_once(config)
    if as_json:
        print(json.dumps(to_json(snapshot), indent=2, ensure_ascii=False))
    else:
        print(table(snapshot, datetime.now(local_zone()), _width()))
    return exit_code(snapshot)


def cmd_watch(config: Config, iterations: int | None = None) -> int:
    """Redraw a table after every poll until interrupted."""
    clear = "\x1b[H\x1b[2J" if sys.stdout.isatty() else ""

    def draw(snapshot: Snapshot) -> None:
        print(clear + table(snapshot, datetime.now(local_zone()), _width()), flush=True)
        if not clear:
            print("-" * 40, flush=True)

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(watch(config, draw, iterations))
    return 0


def _width() -> int:
    try:
        return max(60, os.get_terminal_size().columns)
    except OSError:
        return 100
