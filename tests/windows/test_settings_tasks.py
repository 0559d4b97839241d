"""The settings window's look-ups, against a real HTTP server on loopback."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.conftest import make_spec
from tests.e2e.app_runner import SUMMARY
from tests.statusserver import FIXTURES, StatusServer
from trayapp.windows.settings_tasks import NotFound, page_components


def page(count: int) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FIXTURES / "statuspage/healthy.json").read_text())
    template = {**data["components"][0], "group_id": None, "group": False}
    data["components"] = [
        {**template, "id": f"c{n}", "name": f"Component {n}", "position": n} for n in range(count)
    ]
    data["components"][7]["status"] = "on fire"  # a state the app cannot read: a note, no more
    return data


def test_show_all_lists_every_component_the_page_has(server: StatusServer):
    """Not only as many as the tray shows (60), and not failing on a remark about one."""
    server.set_json(SUMMARY, page(80))
    spec = make_spec("statuspage", server.url, components=("Component 1",), own_components=True)
    names = page_components(spec)
    assert names == tuple(f"Component {n}" for n in range(80))


def test_a_page_that_cannot_be_read_says_why(server: StatusServer):
    with pytest.raises(NotFound, match="404"):
        page_components(make_spec("statuspage", server.url + "/nothing-here"))
