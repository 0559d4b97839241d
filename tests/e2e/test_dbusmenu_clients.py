"""Any menu content, any sequence of changes: the app's real dbusmenu export, fed a long random
walk of menus (entries added and removed, submenus growing and shrinking, labels with "_" and
glyphs, check marks, disabled items, stray separators), read by clients that apply changes the way
GNOME's AppIndicator extension does — v46 eagerly, v53 and v63 only when the menu opens
(``tests/e2e/appindicator_client.py``). After every change each shows exactly the entries the
app meant, in order, with their flags. (The real GNOME Shell and Plasma are in test_gnome.py and
test_plasma.py.)"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from tests.e2e.appindicator_client import AppIndicatorClient
from tests.e2e.desktop_session import BUS_CONFIG
from tests.e2e.menu_exporter import to_json
from tests.e2e.processes import terminate_all
from tests.statusserver import wait_for
from trayapp.desktop.menu_layout import tidy
from trayapp.views.menu_model import SEPARATOR, Entry

pytestmark = pytest.mark.desktop

HERE = Path(__file__).parent
STEPS = int(os.environ.get("MENU_STEPS", "40"))
WORDS = ["Claude", "my_status_page_x", "✔ ok", "a__b", "_lead", "trail_", "—", "Jakarta 16.51"]


def word(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 3)))


def entry(rng: random.Random, depth: int) -> Entry:
    roll = rng.random()
    if roll < 0.15:
        return SEPARATOR
    if roll < 0.35 and depth == 0:
        return Entry(word(rng), children=tuple(entry(rng, 1) for _ in range(rng.randint(1, 5))))
    return Entry(
        word(rng), checked=rng.choice([None, None, True, False]), enabled=rng.random() > 0.3
    )


def change(rng: random.Random, menu: tuple[Entry, ...], depth: int = 0) -> tuple[Entry, ...]:
    """The menu after one change somewhere: a label, a flag, an entry in or out, a submenu."""
    items = list(menu)
    roll = rng.random()
    if not items or roll < 0.2:
        items.insert(rng.randint(0, len(items)), entry(rng, depth))
    elif roll < 0.35:
        items.pop(rng.randrange(len(items)))
    else:
        at = rng.randrange(len(items))
        old = items[at]
        if old is SEPARATOR:
            items[at] = entry(rng, depth)
        elif old.children and rng.random() < 0.6:
            items[at] = replace(old, children=change(rng, old.children, depth + 1) or old.children)
        elif old.checked is not None and rng.random() < 0.5:
            items[at] = replace(old, checked=not old.checked)
        elif rng.random() < 0.5:
            items[at] = replace(old, enabled=not old.enabled)
        else:
            items[at] = replace(old, text=word(rng))
    return tuple(items)


def meant(menu: tuple[Entry, ...], depth: int = 0) -> list[str]:
    """The lines a host should show: the entries' own texts and flags (redundant separators are
    not exported: hosts hide them)."""
    lines: list[str] = []
    for e in tidy(menu):
        if e is SEPARATOR:
            lines.append("  " * depth + "-")
            continue
        flags = ("" if e.enabled else " [off]") + (" [x]" if e.checked else "")
        lines.append("  " * depth + e.text + flags)
        lines += meant(e.children, depth + 1)
    return lines


@pytest.fixture
def bus(tmp_path: Path) -> Iterator[dict[str, str]]:
    (tmp_path / "services").mkdir()
    config = tmp_path / "bus.conf"
    config.write_text(BUS_CONFIG.format(sockdir=tmp_path, servicedir=tmp_path / "services"))
    proc = subprocess.Popen(
        ["dbus-daemon", f"--config-file={config}", "--nofork", "--print-address=1"],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    try:
        yield {**os.environ, "DBUS_SESSION_BUS_ADDRESS": proc.stdout.readline().strip()}
    finally:
        terminate_all([proc])


@pytest.mark.timeout(300)
def test_clients_that_read_as_gnome_does_show_every_menu_the_app_meant(
    bus: dict[str, str],
) -> None:
    exporter = subprocess.Popen(
        [sys.executable, str(HERE / "menu_exporter.py"), bus["DBUS_SESSION_BUS_ADDRESS"], "gnome"],
        env=bus,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert exporter.stdin is not None and exporter.stdout is not None
    name = exporter.stdout.readline().strip()
    clients = {mode: AppIndicatorClient(bus, name, mode=mode) for mode in ("v46", "v53", "v63")}
    rng = random.Random(18)
    menu: tuple[Entry, ...] = tuple(entry(rng, 0) for _ in range(6))
    failures: list[str] = []
    try:
        for step in range(STEPS):
            for _change in range(rng.choice([1, 1, 2, 3]) if step else 0):
                menu = change(rng, menu)  # often several at once, as one poll brings them
            exporter.stdin.write(json.dumps(to_json(menu)) + "\n")
            exporter.stdin.flush()
            assert exporter.stdout.readline().strip() == "ok"
            want = meant(menu)
            for mode, client in clients.items():
                read_on_open = mode != "v46"
                if read_on_open:
                    client.open()
                if not wait_for(lambda c=client, w=want: c.lines() == w, 10, interval=0.05):
                    failures.append(f"step {step}, {mode}: {client.lines()} != {want}")
                if read_on_open and step % 3:  # sometimes left open across the next change
                    client.close()
        for mode, client in clients.items():
            assert client.dump()["errors"] == [], mode
    finally:
        for client in clients.values():
            client.stop()
        terminate_all([exporter])
    assert failures == []
