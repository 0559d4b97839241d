"""Ubuntu's tray: GNOME Shell 43 with the AppIndicator extension (v46, what Debian 12 and
Ubuntu 22.04-24.04 ship), on Xvfb. The menu the Shell shows is read from the Shell itself
(``org.gnome.Shell.Eval``) and compared with what the app exports over dbusmenu after every
kind of change, with the menu open and closed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.app_runner import SUMMARY, start_app, stop, write_config
from tests.e2e.desktop_session import DesktopSession
from tests.e2e.gnome import GnomeShell, gnome_label, shown_lines, wait_until_shown
from tests.e2e.sni_probe import SniProbe, exported_lines
from tests.statusserver import StatusServer, wait_for

pytestmark = pytest.mark.desktop

OPENAI = "/openai" + SUMMARY


@pytest.fixture(scope="module")
def gnome(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[DesktopSession, GnomeShell]]:
    workdir = tmp_path_factory.mktemp("gnome")
    with DesktopSession(workdir, host=None, notifications=None, screen="1024x768x24") as session:
        shell = GnomeShell(session)
        shell.start()
        try:
            yield session, shell
        finally:
            shell.close()


def test_gnome_shows_the_exported_menu_after_every_kind_of_change(
    gnome: tuple[DesktopSession, GnomeShell], tmp_path: Path
) -> None:
    session, shell = gnome
    results: list[tuple[str, bool, float]] = []
    with StatusServer() as server:
        server.set_fixture(SUMMARY, "statuspage/healthy.json")
        server.set_fixture(OPENAI, "statuspage/healthy.json")
        app = start_app(
            session, tmp_path, server.url, backend=None, interval=2, second_provider=True
        )
        probe = SniProbe(session.env["DBUS_SESSION_BUS_ADDRESS"], app.pid)
        try:
            key = wait_for(lambda: shell.indicator_key(probe.names()), 30)
            assert key, f"the item never showed in the top bar: {shell.indicators()}"

            def export() -> list[str]:
                return exported_lines(probe.layout()[1], gnome_label)

            def exported(prefix: str) -> bool:
                return any(line.startswith(prefix) for line in export())

            def check(what: str) -> None:
                ok, took = wait_until_shown(shell, key, export)
                if not ok:
                    import difflib

                    diff = "\n".join(
                        difflib.unified_diff(
                            export(),
                            shown_lines(shell.menu(key) or []),
                            "export",
                            "shell",
                            lineterm="",
                        )
                    )
                    print(f"{what}: GNOME shows another menu\n{diff}")
                results.append((what, ok, took))

            assert wait_for(lambda: exported("Operational — checked"), 20)
            check("first poll")

            server.set_fixture(OPENAI, "statuspage/outage.json")  # menu closed
            assert wait_for(lambda: exported("✖ ChatGPT"), 20)
            check("outage, menu closed")

            shell.open_menu(key)
            server.set_fixture(OPENAI, "statuspage/healthy.json")  # menu open
            assert wait_for(lambda: exported("✔ ChatGPT"), 20)
            check("recovery, menu open")

            # A provider added by a config reload (its name has underscores), menu still open.
            config = write_config(
                tmp_path,
                server.url,
                interval=2,
            )
            config.write_text(
                config.read_text()
                + f'[[providers]]\nid = "extra"\nname = "my_status_page_x"\ntype = "statuspage"\n'
                f'url = "{server.url}/extra"\n'
            )
            server.set_fixture("/extra" + SUMMARY, "statuspage/healthy.json")
            assert wait_for(lambda: exported("✔ my_status_page_x"), 20)
            check("provider added, menu open")
            shell.open_menu(key, False)

            write_config(tmp_path, server.url, interval=2)  # removed, menu closed
            assert wait_for(lambda: not exported("✔ my_status_page_x"), 20)
            check("provider removed, menu closed")
        finally:
            probe.close()
            err = stop(app)
    for what, ok, took in results:
        print(f"{what}: {'same' if ok else 'DIFFERENT'} after {took:.2f} s")
    assert all(ok for _what, ok, _took in results), results
    assert "Traceback" not in err, err
    assert shell.tray_errors() == []
