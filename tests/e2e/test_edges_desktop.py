"""Truth at the edges on a real tray host (xfce4-panel reading the app's item over D-Bus): what
the host shows is what the app exported — the origin a page was read from, why another is
unknown, and a long submenu kept to 50 entries whose "more" opens the details at its provider."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.app_runner import SUMMARY, app_env, close_windows, start_app, stop, window_running
from tests.e2e.desktop_session import DesktopSession
from tests.e2e.sni_probe import SniProbe, find, labels
from tests.e2e.test_edges_cli import CLOUDFRONT_CAPTCHA
from tests.statusserver import StatusServer, wait_for
from tests.views.test_menu_cap import page
from trayapp.core.urls import host_of

pytestmark = pytest.mark.desktop


def config(tmp_path: Path, server: StatusServer, origin: StatusServer) -> None:
    providers = [
        ("claude", "Claude", server.url + "/claude", [origin.url + "/page"]),
        ("walled", "Walled", server.url + "/walled", []),
        ("busy", "Busy", server.url + "/busy", []),
    ]
    lines = ["poll_interval = 1", "[catalogue]", "enabled = []"]
    for pid, name, url, fallbacks in providers:
        lines += ["[[providers]]", f'id = "{pid}"', f'name = "{name}"', 'type = "statuspage"']
        lines += [f'url = "{url}"', f"fallback_urls = {json.dumps(fallbacks)}"]
    (tmp_path / "config.toml").write_text("\n".join(lines) + "\n")


def layout(probe: SniProbe) -> dict[str, Any]:
    try:
        return probe.layout()[1]
    except Exception:  # not exported yet
        return {"children": []}


def test_the_host_shows_the_origin_the_reason_and_a_short_submenu(tmp_path: Path) -> None:
    with (
        DesktopSession(tmp_path, host="xfce") as desktop,
        StatusServer() as server,
        StatusServer() as origin,
    ):
        server.set("/claude" + SUMMARY, CLOUDFRONT_CAPTCHA)
        server.set("/walled" + SUMMARY, CLOUDFRONT_CAPTCHA)
        server.set_json("/busy" + SUMMARY, page(20, 10))
        origin.set_fixture("/page" + SUMMARY, "statuspage/outage.json")
        config(tmp_path, server, origin)
        app = start_app(desktop, tmp_path, server.url, backend=None, keep_config=True)
        probe = SniProbe(desktop.env["DBUS_SESSION_BUS_ADDRESS"], app.pid)
        try:
            assert wait_for(probe.is_registered, 20), probe.registered()
            top = [
                "✖ Claude — major outage",
                "? Walled — unknown (blocked)",
                "◆ Busy — partial outage",
            ]
            assert wait_for(lambda: set(top) <= set(labels(layout(probe))), 30), labels(
                layout(probe)
            )
            menu = layout(probe)
            claude = find(menu, "✖ Claude")
            assert claude is not None
            assert f"ℹ read from {host_of(origin.url)}" in labels(claude)
            walled = find(menu, "? Walled")
            assert walled is not None
            assert any("the page answered with a bot check (HTTP 405" in t for t in labels(walled))
            tooltip = str(probe.item_properties()["ToolTip"])
            assert "Walled: unknown (blocked)" in tooltip, tooltip

            busy = find(menu, "◆ Busy")
            assert busy is not None
            # Every line counted (the history's too): 20 incidents of two lines and 10
            # maintenances do not fit; what was left out is one entry.
            assert 48 <= len(busy["children"]) <= 50, labels(busy)
            more = find(busy, "…and ")
            assert more is not None and more.get("enabled", True)
            assert str(more["label"]).endswith(" more (Show details…)"), more
            probe.click(int(more["id"]))  # the details window: where the rest is
            assert wait_for(lambda: window_running(app_env(desktop, tmp_path)), 30)
            close_windows(app_env(desktop, tmp_path))
            # The challenged host was asked once in all those polls; its origin was read.
            assert server.hits["/claude" + SUMMARY] == 1
            assert origin.hits["/page" + SUMMARY] >= 1
        finally:
            probe.close()
            err = stop(app)
    assert "Traceback" not in err, err
