"""Truth at the edges, end to end: the real ``status`` command against real loopback servers,
one answering like status.claude.com behind its bot wall, the other like its Statuspage origin."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.test_cli import SUMMARY, cli, provider, write_config
from tests.polling.test_challenge import AWS_CAPTCHA
from tests.statusserver import Route, StatusServer
from trayapp.core.urls import host_of

CLOUDFRONT_CAPTCHA = Route(
    status=405,
    body=gzip.compress(AWS_CAPTCHA),
    content_type="text/html",
    headers={"Content-Encoding": "gzip", "x-amzn-waf-action": "captcha", "x-cache": "Error from cloudfront"},
)  # fmt: skip


@pytest.fixture
def origin() -> Iterator[StatusServer]:
    with StatusServer() as s:
        yield s


def serve(server: StatusServer, origin: StatusServer, home: Path, extra: str = "") -> Path:
    server.set("/claude" + SUMMARY, CLOUDFRONT_CAPTCHA)
    server.set("/walled" + SUMMARY, CLOUDFRONT_CAPTCHA)
    server.set("/forbidden" + SUMMARY, Route(status=403, body=b'{"error": "forbidden"}'))
    origin.set_fixture("/page" + SUMMARY, "statuspage/outage.json")
    config = write_config(
        home / "c.toml",
        [
            provider("claude", server.url + "/claude", fallback_urls=[origin.url + "/page"]),
            provider("walled", server.url + "/walled"),
            provider("forbidden", server.url + "/forbidden"),
        ],
    )
    if extra:
        config.write_text(extra + config.read_text())
    return config


def test_status_json_reads_the_origin_and_says_where_and_why(
    server: StatusServer, origin: StatusServer, home: Path
):
    config = serve(server, origin, home)
    result = cli("status", "--json", "--config", str(config))
    data = json.loads(result.stdout)
    by_id = {p["id"]: p for p in data["providers"]}
    claude = by_id["claude"]
    assert claude["state"] == "major_outage"  # what the page says, read from its origin
    assert claude["reason"] is None and claude["error"] is None
    assert claude["read_from"] == host_of(origin.url)
    assert claude["status_page"] == server.url + "/claude"  # the link stays the main page
    assert claude["notes"][:2] == [
        f"read from {host_of(origin.url)}",
        f"{host_of(server.url)}: the page answered with a bot check (HTTP 405, AWS WAF)",
    ]
    walled = by_id["walled"]
    assert (walled["state"], walled["reason"], walled["read_from"]) == ("unknown", "blocked", None)
    assert walled["error"].endswith("the page answered with a bot check (HTTP 405, AWS WAF)")
    forbidden = by_id["forbidden"]
    assert (forbidden["state"], forbidden["reason"]) == ("unknown", "blocked")
    assert forbidden["error"].endswith("answered HTTP 403")
    assert result.returncode == 2  # Claude's outage, not "unknown"


def test_the_table_says_it_in_both_languages(
    server: StatusServer, origin: StatusServer, home: Path
):
    wide = {"COLUMNS": "160", "TZ": "Asia/Jakarta"}
    english = cli("status", "--config", str(serve(server, origin, home)), env=wide).stdout
    assert f"read from {host_of(origin.url)}" in english
    assert "? unknown (blocked)" in english
    indonesian = cli(
        "status", "--config", str(serve(server, origin, home, 'language = "id"\n')), env=wide
    ).stdout
    assert f"dibaca dari {host_of(origin.url)}" in indonesian
    assert "? tidak diketahui (diblokir)" in indonesian
    assert "halaman menjawab dengan pemeriksaan bot (HTTP 405, AWS WAF)" in indonesian


def test_no_network_at_all_is_offline_for_every_provider(home: Path):
    with StatusServer() as gone:
        url = gone.url
    config = write_config(home / "c.toml", [provider("a", url), provider("b", url + "/b")])
    data = json.loads(cli("status", "--json", "--config", str(config)).stdout)
    assert data["overall"] == "offline"
    assert [p["reason"] for p in data["providers"]] == ["offline", "offline"]
