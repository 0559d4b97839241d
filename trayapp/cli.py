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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=APP_ID,
        description="The health of the AI tools you depend on, in your system tray.",
        epilog="Without a command, starts the tray icon (or the terminal view without a display).",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {version()}")
    # The same options after the command; SUPPRESS keeps an unset one from overwriting a value
    # given before the command ("ai-status-tray --config X status").
    common = argparse.ArgumentParser(add_help=False)
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
    catalogue = load_catalogue()
    try:
        config = load(config_path, catalogue)
    except ConfigError as exc:
        if args.command is None:  # the tray: on a desktop it says so itself, and waits for a fix
            from trayapp.desktop.app import run

            empty = Config(providers=(), path=config_path)
            return run(empty, cmd_watch, debug=args.debug, config_error=str(exc))
        print(f"{APP_ID}: configuration error: {exc}", file=sys.stderr)
        return 78  # EX_CONFIG: never start half-configured
    if args.command == "providers":
        return cmd_providers(config)
    if args.command == "status":
        return cmd_status(config, args.json)
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
            spec.url,
        )
        for spec in catalogue.values()
    ]
    rows += [
        (True, spec.id, f"{spec.name} (yours)", spec.type, spec.url)
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


def cmd_status(config: Config, as_json: bool) -> int:
    snapshot = poll_once(config)
    if as_json:
        text = json.dumps(to_json(snapshot), indent=2, ensure_ascii=False)
    else:
        text = table(snapshot, datetime.now(local_zone()), _width())
    try:
        print(text, flush=True)
    except BrokenPipeError:
        # `status | head`: the reader has what it wanted. No traceback, and the state's code;
        # stdout goes to devnull so the interpreter's final flush does not fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
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
