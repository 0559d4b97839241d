"""The layout keeps its promises: a pure core, no import cycles, small modules.

`lint-imports` (run by scripts/test) checks the layer and forbidden-import contracts written in
pyproject.toml; these tests check what a static contract cannot see.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import grimp
import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "trayapp"
HEAVY = ("httpx", "pystray", "PIL", "sqlite3", "threading", "asyncio", "socket", "gi", "dbus")


def modules_pulled_in(statement: str) -> set[str]:
    """Top-level modules that ``statement`` adds to sys.modules, in a fresh interpreter."""
    code = (
        "import sys\nbefore = set(sys.modules)\n"
        f"{statement}\n"
        "print(' '.join(sorted({m.split('.')[0] for m in set(sys.modules) - before})))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    return set(out.split())


@pytest.mark.parametrize(
    "statement",
    [
        "import trayapp.core",
        "import trayapp.core.model, trayapp.core.aggregate, trayapp.core.notify_policy, "
        "trayapp.core.backoff, trayapp.core.text, trayapp.core.timefmt, trayapp.core.urls, "
        "trayapp.core.i18n",
        "from trayapp import State, Snapshot, ProviderSpec",
        "import trayapp.core.history, trayapp.core.localdays, trayapp.views.history_html",
    ],
)
def test_the_core_pulls_in_no_io_gui_thread_or_network_code(statement: str):
    assert modules_pulled_in(statement).isdisjoint(HEAVY)


def test_parsers_and_views_need_no_network_or_gui():
    pulled = modules_pulled_in(
        "import trayapp.sources, trayapp.views.summary, trayapp.views.menu_model, "
        "trayapp.views.details, trayapp.views.report"
    )
    assert pulled.isdisjoint({"httpx", "pystray", "gi", "dbus", "sqlite3", "asyncio"})


def test_public_surface():
    import trayapp

    assert sorted(trayapp.__all__) == sorted(
        ["APP_ID", "APP_NAME", "ProviderSpec", "Snapshot", "State", "load_config", "poll_once"]
    )
    assert callable(trayapp.poll_once) and callable(trayapp.load_config)


def test_no_import_cycles_lazy_imports_included():
    graph = grimp.build_graph("trayapp", cache_dir=None)  # function-level imports count too
    cycles = []
    for importer in sorted(graph.modules):
        for imported in graph.find_modules_directly_imported_by(importer):
            back = graph.find_shortest_chain(importer=imported, imported=importer)
            if back is not None:
                cycles.append((importer, *back))
    assert cycles == []


def test_the_root_is_small_and_no_module_is_long():
    root = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(root) <= 6, root
    long = {
        str(p.relative_to(PACKAGE)): n
        for p in PACKAGE.rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400
    }
    assert long == {}


def test_tests_mirror_the_layout():
    tests = Path(__file__).parent
    for layer in ("core", "sources", "settings", "polling", "history", "views", "desktop"):
        assert (PACKAGE / layer).is_dir() and (tests / layer).is_dir(), layer


# Kept out of the running tray for its memory (docs/performance.md, "Memory beside a bare pystray icon"): each is imported where
# it is needed (a click, a feed, a typo, a command) instead of at start.
NOT_IN_THE_TRAY = (
    "Xlib",  # 1.6 MiB to ask who owns one X selection
    "importlib.metadata",  # the version is a constant
    "html",  # its entity table, for text that has no entities
    "xml.etree.ElementTree",  # only feeds are XML
    "webbrowser",
    "difflib",
    "plistlib",
    "platform",
    "trayapp.views.details",
    "trayapp.views.report",
    "trayapp.history.command",
    "trayapp.settings.config_append",
)


def test_the_tray_starts_without_what_it_only_needs_later():
    code = (
        "import sys\n"
        # As installed for a user: the development venv's click and rich (httpx's command
        # line imports them when present) are not there.
        "sys.modules.update(click=None, rich=None, pygments=None)\n"
        "import trayapp.cli, trayapp.desktop.app, trayapp.desktop.sni, trayapp.desktop.hosts, "
        "trayapp.desktop.dbus_notify, trayapp.polling.thread\n"
        "print(' '.join(sorted(sys.modules)))"
    )
    loaded = set(
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    assert loaded.isdisjoint(NOT_IN_THE_TRAY), loaded & set(NOT_IN_THE_TRAY)
