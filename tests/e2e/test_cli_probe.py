"""`status --json` with API probes, end to end against a loopback server."""

from __future__ import annotations

import json
from pathlib import Path

from tests.e2e.test_cli import SUMMARY, cli, provider, write_config
from tests.statusserver import Route, StatusServer


def test_status_json_reports_each_probe(server: StatusServer, home: Path):
    server.set_fixture("/a" + SUMMARY, "statuspage/healthy.json")
    server.set_fixture("/b" + SUMMARY, "statuspage/healthy.json")
    server.set("/v1/models", Route(status=401, body=b'{"error": "missing key"}'))
    server.set("/down/v1/models", Route(status=502, body=b"bad gateway"))
    config = write_config(
        home / "c.toml",
        [
            provider("up", server.url + "/a", probe=server.url + "/v1/models"),
            provider("down", server.url + "/b", probe=server.url + "/down/v1/models"),
            provider("plain", server.url + "/a"),
            # a catalogue provider with its probe switched off
            {
                "id": "openai",
                "url": server.url + "/a",
                "type": "statuspage",
                "probe": False,
                "components": [],
            },
        ],
    )
    result = cli("status", "--json", "--config", str(config))
    assert result.returncode == 0, result.stderr
    by_id = {p["id"]: p for p in json.loads(result.stdout)["providers"]}
    host = server.url.removeprefix("http://")
    assert by_id["up"]["probe"] == {
        "url": server.url + "/v1/models",
        "ok": True,
        "detail": f"{host} answered HTTP 401",
        "failing_since": None,
    }
    down = by_id["down"]["probe"]
    assert down["ok"] is False and down["detail"] == f"{host} answered HTTP 502"
    assert down["failing_since"].endswith("+00:00")
    # One failed probe is not news: the page's "operational" stands.
    assert by_id["down"]["state"] == "operational" and by_id["down"]["unconfirmed"] is False
    assert by_id["plain"]["probe"] is None and by_id["openai"]["probe"] is None


def test_a_bad_probe_url_is_a_config_error_with_its_line(server: StatusServer, home: Path):
    config = write_config(
        home / "c.toml",
        [provider("acme", server.url, probe="http://api.acme.example/v1")],
    )
    result = cli("status", "--config", str(config))
    assert result.returncode != 0
    assert "line 9: providers[0].probe: plain http is allowed only for loopback" in result.stderr
