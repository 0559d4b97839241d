"""The command line's parser: commands, options and help, in the user's language."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, NoReturn

from trayapp.core.history import KEEP_DAYS
from trayapp.core.i18n import N_, _, ngettext
from trayapp.core.identity import APP_ID
from trayapp.version import version

EXIT_UNKNOWN = 3  # the monitoring-plugin convention's UNKNOWN: usage errors and failed checks

# argparse words its errors with gettext's global catalogue, and Python ships none in
# Indonesian: it asks ours instead (it looks these two names up in its module at each call).
# The messages a user can meet are marked here so that they are in our catalogue.
vars(argparse).update(_=_, ngettext=ngettext)
ARGPARSE_MESSAGES = (
    N_("argument %(argument_name)s: %(message)s"),
    N_("unrecognized arguments: %s"),
    N_("the following arguments are required: %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("invalid %(type)s value: %(value)r"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"),
    N_("one of the arguments %s is required"),
)


class _Formatter(argparse.HelpFormatter):
    """argparse's own "usage: " has no Indonesian catalogue in Python: we say it ourselves."""

    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, _("usage: ") if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    """argparse exits 2 on a usage error, which ``status`` promises means "major outage".

    Its own words (section titles, -h's help) are ours too, so they follow the user's language.
    """

    def __init__(self, **kwargs: Any) -> None:
        add_help, parents = kwargs.pop("add_help", True), kwargs.pop("parents", [])
        super().__init__(add_help=False, formatter_class=_Formatter, **kwargs)
        self._positionals.title = _("positional arguments")
        self._optionals.title = _("options")
        if add_help:
            self.add_argument(
                "-h", "--help", action="help", help=_("show this help message and exit")
            )
        # After the titles, so a parent's options join ours instead of a second "options".
        for parent in parents:
            self._add_container_actions(parent)
            self._defaults.update(parent._defaults)

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(
            EXIT_UNKNOWN,
            _("{prog}: error: {message}").format(prog=self.prog, message=message) + "\n",
        )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=APP_ID,
        description=_("The health of the AI tools you depend on, in your system tray."),
        epilog=_(
            "Without a command, starts the tray icon (or the terminal view without a display)."
        ),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"%(prog)s {version()}",
        help=_("show the version and exit"),
    )
    config_help, debug_help, json_help = (
        _("configuration file to use"),
        _("also print the log to stderr"),
        _("print JSON instead of a table"),
    )
    # The same options after the command; SUPPRESS keeps an unset one from overwriting a value
    # given before the command ("ai-status-tray --config X status").
    common = _Parser(add_help=False)
    common.add_argument(
        "--config",
        type=Path,
        metavar=_("FILE"),
        default=argparse.SUPPRESS,
        help=config_help,
    )
    common.add_argument(
        "--debug",
        action="store_true",
        default=argparse.SUPPRESS,
        help=debug_help,
    )
    parser.add_argument("--config", type=Path, metavar=_("FILE"), help=config_help)
    parser.add_argument("--debug", action="store_true", help=debug_help)
    commands = parser.add_subparsers(dest="command", metavar=_("COMMAND"))
    status = commands.add_parser(
        "status", parents=[common], help=_("poll once and print a table (exit 0/1/2/3)")
    )
    status.add_argument("--json", action="store_true", help=json_help)
    commands.add_parser(
        "watch", parents=[common], help=_("a live terminal view, redrawn after each poll")
    )
    past = commands.add_parser(
        "history", parents=[common], help=_("uptime and outages recorded over the last 90 days")
    )
    past.add_argument("provider", nargs="?", metavar=_("PROVIDER"), help=_("one provider's id"))
    past.add_argument(
        "--days", type=_days, default=KEEP_DAYS, metavar="N", help=_("days to show (1-90)")
    )
    past.add_argument("--json", action="store_true", help=json_help)
    past.add_argument("--forget", action="store_true", help=_("delete the recorded history"))
    providers = commands.add_parser(
        "providers", parents=[common], help=_("list the built-in providers")
    )
    providers.add_argument("--json", action="store_true", help=json_help)
    add = commands.add_parser(
        "add", parents=[common], help=_("find a status page's platform and add it to the config")
    )
    add.add_argument("url", help=_("the status page, e.g. https://status.example.com"))
    add.add_argument(
        "--name", metavar=_("NAME"), help=_("the name to show (default: from the address)")
    )
    add.add_argument(
        "--product",
        metavar=_("PRODUCT"),
        help=_("Google's product id (its dashboards need one), a Checkly slug, a Flashcat page id"),
    )
    demo = commands.add_parser(
        "demo",
        parents=[common],
        help=_("replay a real outage on the tray, with no network (a minute is an hour)"),
    )
    demo.add_argument(
        "--scenario",
        type=_scenario,
        metavar=_("NAME"),
        help=_("the outage to replay (see --list)"),
    )
    demo.add_argument("--list", action="store_true", help=_("list the scenarios, one line each"))
    demo.add_argument(
        "--speed",
        type=_speed,
        default=60.0,
        metavar="N",
        help=_("seconds of the outage per second of the demo (1-3600; default 60)"),
    )
    commands.add_parser(
        "details",
        parents=[common],
        help=_("open the details window (live, from the running tray)"),
    )
    commands.add_parser("settings", parents=[common], help=_("open the settings window"))
    commands.add_parser("about", parents=[common], help=_("open the About window"))
    config = commands.add_parser(
        "config", parents=[common], help=_("print the configuration file's path")
    )
    config.add_argument(
        "--init", action="store_true", help=_("write a commented default if none exists")
    )
    return parser


def _days(text: str) -> int:
    try:
        days = int(text)
    except ValueError:
        days = 0
    if not 1 <= days <= KEEP_DAYS:
        raise argparse.ArgumentTypeError(
            _("expected a whole number from 1 to {max}").format(max=KEEP_DAYS)
        )
    return days


def _scenario(text: str) -> str:
    from trayapp.demo.scenario import names  # only when asked: it reads the package's data

    known = names()
    if text not in known:
        raise argparse.ArgumentTypeError(
            _("no scenario {name!r}; choose from {names}").format(name=text, names=", ".join(known))
        )
    return text


MAX_SPEED = 3600


def _speed(text: str) -> float:
    try:
        speed = float(text)
    except ValueError:
        speed = 0.0
    if not 1 <= speed <= MAX_SPEED:  # NaN fails too
        raise argparse.ArgumentTypeError(
            _("expected a number from 1 to {max}").format(max=MAX_SPEED)
        )
    return speed
