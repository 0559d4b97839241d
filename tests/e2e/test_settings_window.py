"""The settings window on a virtual desktop, driven through its accessibility tree as a screen
reader user would, beside the real tray (read over D-Bus as tray hosts read it).

One desktop session serves the checks: opened from the tray's menu, a provider switched off
(config.toml keeps its comments; the tray's menu follows), an invalid value refused with the
validator's reason (the file untouched), add-by-URL against a loopback page, the pause, the
screenshots (light and dark), a provider the user added removed again; then a first run in Indonesian: the window opens by itself with
the popular picks, shows no English of ours, and closing it keeps them.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from functools import partial
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.app_runner import SUMMARY, start_app, stop, write_config
from tests.e2e.atspi import Accessibility, Node, a11y_env
from tests.e2e.desktop_session import DesktopSession
from tests.e2e.sni_probe import SniProbe, find, labels
from tests.statusserver import FIXTURES, StatusServer, wait_for

pytestmark = pytest.mark.desktop

APP = "ai-status-tray"
ARTIFACTS = Path(__file__).parent.parent / "artifacts"
ROOT = Path(__file__).parent.parent.parent
COMMENT = "# My providers: keep this comment where it is."


def menu(probe: SniProbe) -> list[str]:
    try:
        return labels(probe.layout()[1])
    except Exception:  # not exported yet
        return []


def node(tree: Node, role: str, name: str) -> Node | None:
    return tree.find(role=role, name=name)


def label_with(tree: Node, text: str) -> Node | None:
    """A label whose name or text (what a screen reader reads) says ``text``."""
    return next(
        (n for n in tree.walk() if n.role == "label" and text in f"{n.name}\n{n.text or ''}"),
        None,
    )


def shown_in(found: Node, height: int = 470) -> tuple[int, int, int, int] | None:
    """Where ``found`` is, when it is inside the window's visible part."""
    box = found.extents
    return box if box is not None and box[2] > 0 and 0 <= box[1] < height - box[3] else None


def about_interval(tree: Node, reason: str) -> Node | None:
    """The row under the seconds between checks, saying ``reason``."""
    rows = (n for n in tree.walk() if n.name.startswith("About the seconds between checks"))
    return next((row for row in rows if label_with(row, reason)), None)


def showing(tree: Node, name: str) -> Node | None:
    """The control called ``name``, drawn (a row folded away gives it no size)."""
    found = tree.find(name=name)
    return found if found is not None and found.extents and found.extents[2] > 0 else None


def do(a11y: Accessibility, role: str, name: str, nth: int = 0) -> None:
    """The control's own action (toggle a switch, select a tab), as a screen reader does."""
    found = a11y.tree(APP).find_all(role=role, name=name)
    assert len(found) > nth, (role, name)
    a11y.act(APP, name, role=role, action=found[nth].actions[0], nth=nth)


def toggle(a11y: Accessibility, name: str, nth: int = 0) -> None:
    do(a11y, "check box", name, nth)


def window_id(env: dict[str, str], title: str) -> str:
    found = wait_for(
        lambda: subprocess.run(
            ["xdotool", "search", "--name", title], env=env, capture_output=True, text=True
        ).stdout.split(),
        20,
    )
    assert found, f"no window called {title!r}"
    return str(found[-1])


def screenshot(env: dict[str, str], title: str, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    wid = window_id(env, title)
    subprocess.run(["import", "-window", wid, str(ARTIFACTS / name)], env=env, check=True)


def hostile_page() -> dict[str, object]:
    page: dict[str, Any] = json.loads((FIXTURES / "statuspage/healthy.json").read_text())
    template = page["components"][0]
    page["components"] = [
        {**template, "id": f"c{n}", "name": name, "group_id": None, "group": False}
        for n, name in enumerate(("Billing & Payments", "<b>x</b>", "Latency < 5 s & rising"))
    ]
    return page


@pytest.mark.timeout(300)  # one session for many checks: about 90 s, more on a loaded machine
def test_settings_window_changes_the_file_and_the_running_tray(tmp_path: Path) -> None:
    with (
        DesktopSession(tmp_path, host="xfce") as desktop,
        StatusServer() as server,
        Accessibility(desktop) as a11y,
    ):
        desktop.env.update(a11y_env())
        server.set_fixture(SUMMARY, "statuspage/healthy.json")
        server.set_fixture("/openai" + SUMMARY, "statuspage/outage.json")
        server.set_fixture("/extra" + SUMMARY, "statuspage/healthy.json")
        server.set_json("/hostile" + SUMMARY, hostile_page())
        config = write_config(tmp_path, server.url)
        config.write_text(f"{COMMENT}\n{config.read_text()}")
        app = start_app(desktop, tmp_path, server.url, backend=None, keep_config=True)
        probe = SniProbe(desktop.env["DBUS_SESSION_BUS_ADDRESS"], app.pid)
        try:
            assert wait_for(lambda: "✖ ChatGPT — major outage" in menu(probe), 30), menu(probe)

            # Opened by the menu's "Settings…", as a user opens it.
            item = find(probe.layout()[1], "Settings…")
            assert item is not None
            probe.click(int(item["id"]))
            a11y.wait_for(APP, lambda t: node(t, "check box", "Watch ChatGPT"), 60)
            screenshot(desktop.full_env(), "AI Status Tray settings", "settings-window.png")

            # A provider switched off: the file keeps its comment, the tray's menu follows.
            before = config.read_text()
            # The catalogue's ChatGPT comes first; the test's own "ChatGPT" is the second.
            toggle(a11y, "Watch ChatGPT", nth=1)
            assert wait_for(lambda: "enabled = false" in config.read_text(), 10)
            text = config.read_text()
            assert text.startswith(COMMENT + "\n")
            assert text.replace("enabled = false\n", "") == before
            assert (tmp_path / "config.toml.bak").read_text() == before
            # How fast: bench/settings_window_bench.py measures it (docs/performance.md).
            assert wait_for(lambda: not any("ChatGPT" in m for m in menu(probe)), 20), menu(probe)
            assert "✔ Claude — operational" in menu(probe)

            # An invalid value: refused with the validator's reason, the file untouched.
            text, stamp = config.read_text(), config.stat().st_mtime_ns
            do(a11y, "page tab", "General")
            # The reason in plain words, right under the field (not a file error at the top).
            for typed, reason in (
                ("100000", "At most one day: 86400 seconds."),
                ("abc", "Type a number of seconds, for example 60."),
            ):
                a11y.set_text(APP, "Seconds between checks", typed)
                a11y.click(APP, "Apply the seconds between checks")
                said = a11y.wait_for(APP, partial(about_interval, reason=reason))
                field = a11y.tree(APP).find(role="text", name="Seconds between checks")
                assert field and field.extents and said.extents
                assert 0 <= said.extents[1] - (field.extents[1] + field.extents[3]) < 20
                assert not label_with(a11y.tree(APP), "poll_interval")
            assert (config.read_text(), config.stat().st_mtime_ns) == (text, stamp)
            screenshot(desktop.full_env(), "AI Status Tray settings", "settings-window-general.png")

            # Add by URL: the platform detected and shown before anything is saved.
            do(a11y, "page tab", "Providers")
            a11y.set_text(APP, "Status page address", f"{server.url}/extra")
            a11y.click(APP, "Find the status page")
            found = a11y.wait_for(APP, lambda t: label_with(t, "Detected platform: "), 60)
            assert "Detected platform: Statuspage" in f"{found.name} {found.text}"
            assert "[[providers]]" in config.read_text() and "/extra" not in config.read_text()
            a11y.set_text(APP, "Name", "Loopback Extra")
            without = config.read_text()
            a11y.click(APP, "Add this status page")
            assert wait_for(lambda: 'name = "Loopback Extra"' in config.read_text(), 10)
            assert f'url = "{server.url}/extra"' in config.read_text()
            assert wait_for(lambda: "✔ Loopback Extra — operational" in menu(probe), 30), menu(
                probe
            )
            a11y.wait_for(APP, lambda t: node(t, "check box", "Watch Loopback Extra"))
            # The same page again is refused, in the words `add` uses (polling/add_page.py).
            a11y.set_text(APP, "Status page address", f"{server.url}/extra/")
            a11y.click(APP, "Find the status page")
            a11y.wait_for(APP, lambda t: label_with(t, "already watched as Loopback Extra"), 60)

            # Removed again, confirmed: its block leaves the file (everything else as it was),
            # its row the window and its entry the tray's menu.
            # (found by the search and its row opened first, as a user does: a click on it)
            wid = window_id(desktop.full_env(), "AI Status Tray settings")
            desktop.run("xdotool", "windowsize", "--sync", wid, "520", "760")
            a11y.set_text(APP, "Search providers", "Loopback", role="entry")
            header = a11y.wait_for(
                APP,
                lambda t: shown_in(t.find_all(role="list item", name="Loopback Extra")[-1], 760),
            )
            x, y, _w, h = header
            desktop.run("xdotool", "mousemove", "--window", wid, str(x + 20), str(y + h // 2))
            desktop.run("xdotool", "click", "1")
            a11y.wait_for(APP, lambda t: showing(t, "Remove Loopback Extra"))
            a11y.click(APP, "Remove Loopback Extra")
            a11y.wait_for(APP, lambda t: label_with(t, "Remove Loopback Extra?"))
            a11y.click(APP, "Remove Remove")  # libadwaita 1.2 names its buttons twice
            assert wait_for(lambda: config.read_text() == without, 10), config.read_text()
            a11y.wait_for(APP, lambda t: not node(t, "check box", "Watch Loopback Extra") or None)
            assert wait_for(lambda: not any("Loopback Extra" in m for m in menu(probe)), 30)
            # A catalogue provider has no Remove: it is switched off.
            a11y.set_text(APP, "Search providers", "Mistral", role="entry")
            mistral = a11y.wait_for(APP, lambda t: node(t, "check box", "Watch Mistral") and t)
            assert not mistral.find(role="push button", name="Remove Mistral")
            a11y.set_text(APP, "Search providers", "", role="entry")
            a11y.wait_for(APP, lambda t: node(t, "check box", "Watch Claude"))

            # A page whose component names look like markup: shown as plain text, never read
            # as markup (an "&" would blank the row; tags are the sanitiser's to remove).
            a11y.set_text(APP, "Status page address", f"{server.url}/hostile")
            a11y.click(APP, "Find the status page")
            hostile = ("Billing & Payments", "x", "Latency < 5 s & rising")

            def listed(t: Node) -> Node | None:
                texts = {n.text for n in t.walk() if n.role == "label"}
                return t if label_with(t, "3 components") and set(hostile) <= texts else None

            tree = a11y.wait_for(APP, listed, 60)
            assert not any("<b>" in (n.text or "") for n in tree.walk() if n.role == "label")

            # 360 pixels wide: every switch still on screen, the page switcher at the bottom.
            wid = window_id(desktop.full_env(), "AI Status Tray settings")
            subprocess.run(["xdotool", "windowsize", wid, "360", "470"], env=desktop.full_env())

            def narrow(t: Node) -> Node | None:
                switch = node(t, "check box", "Watch Claude")
                box = switch.extents if switch is not None else None
                return (
                    switch if box is not None and box[0] >= 0 and box[0] + box[2] <= 360 else None
                )

            a11y.wait_for(APP, narrow)
            screenshot(desktop.full_env(), "AI Status Tray settings", "settings-window-narrow.png")

            # Dark, as the desktop may ask: a second look at the same window.
            a11y.click(APP, "Close")
            assert wait_for(lambda: APP not in a11y.apps(), 20)
            # Its xdg-open fails as on a desktop with no editor for the file (exit 4).
            no_editor = tmp_path / "no-editor"
            no_editor.mkdir()
            (no_editor / "xdg-open").write_text(
                "#!/bin/sh\necho 'x-terminal-emulator: not found' >&2\nexit 4\n"
            )
            (no_editor / "xdg-open").chmod(0o755)
            dark = {
                **desktop.full_env(),
                "ADW_DEBUG_COLOR_SCHEME": "prefer-dark",
                "PATH": f"{no_editor}:{os.environ['PATH']}",
            }
            window = subprocess.Popen(
                [sys.executable, "-m", "trayapp", "settings", "--config", str(config)], env=dark
            )
            a11y.wait_for(APP, lambda t: node(t, "check box", "Watch Claude"), 60)
            screenshot(desktop.full_env(), "AI Status Tray settings", "settings-window-dark.png")
            # "Open in editor" that opens nothing says so, where the click was.
            do(a11y, "page tab", "General")
            a11y.click(APP, "Open the settings file in an editor")
            no_editor_said = "No editor opened (x-terminal-emulator: not found)."
            a11y.wait_for(APP, lambda t: label_with(t, no_editor_said), 30)
            a11y.click(APP, "Close")
            window.wait(timeout=30)
        finally:
            probe.close()
            err = stop(app)
        assert "Traceback" not in err, err


def _our_english() -> list[str]:
    """The settings window's own English (every string its modules give to ``_()``), as the
    fragments between placeholders long enough to be unmistakably ours."""
    from babel.messages.extract import extract_from_file

    found: list[str] = []
    sources = [*(ROOT / "trayapp/windows").glob("settings*.py"), ROOT / "trayapp/core/loudness.py"]
    for source in sources:
        for _line, message, _comments, _context in extract_from_file(
            "python", str(source), keywords={"_": None, "N_": None, "ngettext": (1, 2)}
        ):
            for msgid in message if isinstance(message, tuple | list) else (message,):
                if not isinstance(msgid, str):
                    continue
                found += [p.strip() for p in re.split(r"\{[^}]*\}", msgid) if len(p.strip()) >= 8]
    return found


def test_first_run_opens_the_settings_in_indonesian_and_closing_keeps_the_picks(
    tmp_path: Path,
) -> None:
    home = tmp_path / "home"
    config = home / "config" / "ai-status-tray" / "config.toml"
    with DesktopSession(tmp_path, host="xfce") as desktop, Accessibility(desktop) as a11y:
        env = {
            **desktop.full_env(),
            **a11y_env(),
            "LANG": "id_ID.UTF-8",
            "LANGUAGE": "id",
            "HOME": str(home),
            "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_DATA_HOME": str(home / "data"),
            "XDG_STATE_HOME": str(home / "state"),
            "XDG_CACHE_HOME": str(home / "cache"),
            "XDG_RUNTIME_DIR": str(home / "run"),
        }
        (home / "run").mkdir(parents=True, mode=0o700)
        # No --config and no file: the user's very first start.
        tray = subprocess.Popen(
            [sys.executable, "-m", "trayapp"], env=env, stderr=subprocess.PIPE, text=True
        )
        try:
            tree = a11y.wait_for(
                APP, lambda t: t if node(t, "check box", "Pantau ChatGPT") else None, 90
            )
            welcome = label_with(tree, "Ikon baki")
            assert welcome is not None, tree.all_text()
            assert not config.exists()
            for pid in ("ChatGPT", "Claude", "Gemini", "GitHub Copilot"):
                assert (
                    "checked" in (node(tree, "check box", f"Pantau {pid}") or Node("", "")).states
                )
            assert (
                "checked" not in (node(tree, "check box", "Pantau Mistral") or Node("", "")).states
            )

            # A word of ours shows as a whole text; a phrase may be part of one. (A page's own
            # words, "Copilot AI Model Providers", are not ours.)
            shown = tree.all_text().splitlines()
            english = [
                e for e in _our_english() if any(e == v or (" " in e and e in v) for v in shown)
            ]
            assert not english, f"English of ours in the Indonesian window: {english}"

            # The word on the icon is about the providers: not on the General page. There the
            # language chosen reads whole, under its row's title, at the default width.
            do(a11y, "page tab", "Umum")

            def on_general(t: Node) -> Node | None:
                welcome = label_with(t, "Ikon baki")
                return None if welcome is None or welcome.showing else t

            general = a11y.wait_for(APP, on_general)
            chosen = label_with(general, "Ikuti sistem")
            assert chosen and chosen.extents, general.all_text()
            assert chosen.extents[0] + chosen.extents[2] <= 520
            screenshot(env, "Pengaturan AI Status Tray", "settings-window-general-id.png")
            do(a11y, "page tab", "Layanan")

            closer = next(
                n.name
                for n in tree.walk()
                if n.role == "push button" and n.name in ("Close", "Tutup")
            )
            a11y.click(APP, closer)
            assert wait_for(config.exists, 20)
            from trayapp.settings.catalogue import load_catalogue
            from trayapp.settings.config import load

            picked = [p.id for p in load(config, load_catalogue()).providers]
            assert picked == ["openai", "anthropic", "gemini", "copilot"]
            assert "enabled = [" in config.read_text()
        finally:
            if tray.poll() is None:
                tray.terminate()
            try:
                _, err = tray.communicate(timeout=15)
            except subprocess.TimeoutExpired:
                tray.kill()
                _, err = tray.communicate()
        assert "Traceback" not in err, err
