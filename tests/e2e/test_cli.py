"""End to end: the real command against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.statusserver import Route, StatusServer

SUMMARY = "/api/v2/summary.json"


def cli(
    *args: str, env: dict[str, str] | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "trayapp", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
    )


def write_config(path: Path, providers: list[dict[str, object]], interval: float = 60) -> Path:
    lines = [f"poll_interval = {interval}", "[catalogue]", "enabled = []"]
    for p in providers:
        lines.append("[[providers]]")
        lines += [f"{k} = {json.dumps(v)}" for k, v in p.items()]
    path.write_text("\n".join(lines) + "\n")
    return path


def provider(pid: str, url: str, type_: str = "statuspage", **kw: object) -> dict[str, object]:
    return {"id": pid, "name": pid.title(), "type": type_, "url": url, **kw}


def test_status_json_for_healthy_degraded_and_outage(server: StatusServer, home: Path):
    server.set_fixture("/ok" + SUMMARY, "statuspage/healthy.json")
    server.set_fixture("/deg" + SUMMARY, "statuspage/degraded_trap.json")
    server.set_fixture("/out" + SUMMARY, "statuspage/outage.json")
    config = write_config(
        home / "c.toml",
        [
            provider("claude", server.url + "/ok", chat_url="https://claude.ai"),
            provider("degr", server.url + "/deg"),
            provider("down", server.url + "/out", chat_url="https://down.example"),
        ],
    )
    result = cli("status", "--json", "--config", str(config))
    assert result.returncode == 2, result.stderr
    data = json.loads(result.stdout)
    assert data["overall"] == "major_outage"
    assert data["checked_at"].endswith("+00:00")
    by_id = {p["id"]: p for p in data["providers"]}
    assert [p["id"] for p in data["providers"]] == ["claude", "degr", "down"]
    assert by_id["claude"]["state"] == "operational"
    assert by_id["degr"]["state"] == "partial_outage"
    down = by_id["down"]
    assert down["incidents"][0] == {
        "title": "Claude API unavailable",
        "impact": "major_outage",
        "status": "investigating",
        "url": "https://stspg.io/out1",
        "started_at": "2026-11-20T13:25:04.155000+00:00",
        "latest_update": "We have identified the cause & are deploying a fix.",
    }
    assert {
        "name": "Claude API (api.anthropic.com)",
        "state": "major_outage",
        "group": None,
    } in down["components"]
    assert down["error"] is None
    assert down["status_page"] == server.url + "/out"
    assert down["alternatives"] == [
        {"id": "claude", "name": "Claude", "url": "https://claude.ai", "state": "operational"}
    ]


@pytest.mark.parametrize(
    ("fixture", "code"),
    [
        ("statuspage/healthy.json", 0),
        ("statuspage/maintenance.json", 0),
        ("statuspage/degraded_trap.json", 1),
        ("statuspage/outage.json", 2),
    ],
)
def test_exit_codes_follow_the_monitoring_plugin_convention(
    server: StatusServer, home: Path, fixture: str, code: int
):
    server.set_fixture(SUMMARY, fixture)
    config = write_config(home / "c.toml", [provider("p", server.url)])
    assert cli("status", "--config", str(config)).returncode == code


def test_table_shows_times_in_the_users_time_zone(server: StatusServer, home: Path):
    server.set_fixture(SUMMARY, "statuspage/outage.json")
    config = write_config(home / "c.toml", [provider("claude", server.url)])
    wide = {"COLUMNS": "160"}
    jakarta = cli("status", "--config", str(config), env={"TZ": "Asia/Jakarta", **wide})
    berlin = cli("status", "--config", str(config), env={"TZ": "Europe/Berlin", **wide})
    # The incident started 13:25 UTC: 20:25 in Jakarta, 14:25 in Berlin, with the zone's name
    # and how long it has been going on.
    assert "Claude API unavailable — investigating, since Nov 20 20:25 WIB (" in jakarta.stdout
    assert ", since Nov 20 14:25 CET (" in berlin.stdout
    assert re.search(r"\(checked \d\d:\d\d WIB\)", jakarta.stdout)
    assert "Overall: ✖ major outage" in jakarta.stdout


def test_every_kind_of_bad_page_ends_unknown_with_its_reason(server: StatusServer, home: Path):
    html = b"<!DOCTYPE html><html><head><title>Claude Status</title></head></html>"
    challenge = b"<!DOCTYPE html><html><head><title>Just a moment...</title></head></html>"
    server.set_fixture("/good" + SUMMARY, "statuspage/healthy.json")
    server.set("/html" + SUMMARY, Route(body=html, content_type="text/html"))
    server.set("/challenge" + SUMMARY, Route(body=challenge, content_type="text/html"))
    server.set("/limit" + SUMMARY, Route(status=429, body=b"{}", headers={"Retry-After": "60"}))
    server.set("/err" + SUMMARY, Route(status=500, body=b"internal", content_type="text/plain"))
    server.set(
        "/cut" + SUMMARY,
        Route(body=b'{"status": {"indicator": "none"}, "comp', behaviour="truncate"),
    )
    server.set("/badjson" + SUMMARY, Route(body=b'{"status": {"indicator": "none"}, "comp'))
    server.set("/huge" + SUMMARY, Route(behaviour="huge"))
    server.set("/hang" + SUMMARY, Route(behaviour="hang"))
    server.set("/moved" + SUMMARY, Route(status=302, headers={"Location": "ftp://127.0.0.1/x"}))
    server.set(
        "/insecure" + SUMMARY, Route(status=302, headers={"Location": "http://status.example.com/"})
    )
    server.set("/shape" + SUMMARY, Route(body=b'{"status": "fine"}'))
    with StatusServer() as gone:
        refused = gone.url
    cases = {
        "html": "sent an HTML page instead of JSON (a bot challenge, login wall or moved page)",
        "challenge": "the page answered with a bot check (HTTP 200, Cloudflare)",
        "limit": "answered HTTP 429 (rate limited); asked to wait 60 s",
        "err": "answered HTTP 500",
        "cut": "closed the connection before sending a complete response",
        "badjson": "sent invalid JSON at byte 34 (truncated or garbled)",
        "huge": "sent more than 5 MB; stopped reading",
        "hang": "timed out (no answer within 10 s)",
        "moved": "unsupported scheme 'ftp'",
        "insecure": "plain http is allowed only for loopback hosts",
        "shape": "does not look like a statuspage page: summary.status: expected dict, got str",
    }
    # The machine-readable reason of each (status --json's "reason").
    reasons = dict.fromkeys(cases, "broken") | {
        "challenge": "blocked",
        "limit": "blocked",
        "hang": "slow",
        "refused": "unreachable",
    }
    providers = [provider("good", server.url + "/good")]
    providers += [provider(name, f"{server.url}/{name}") for name in cases]
    providers.append(provider("refused", refused))
    config = write_config(home / "c.toml", providers)
    started = time.monotonic()
    result = cli("status", "--json", "--config", str(config))
    elapsed = time.monotonic() - started
    data = json.loads(result.stdout)
    by_id = {p["id"]: p for p in data["providers"]}
    assert by_id["good"]["state"] == "operational"
    for name, message in [*cases.items(), ("refused", "refused the connection")]:
        assert by_id[name]["state"] == "unknown", name
        assert message in by_id[name]["error"], (name, by_id[name]["error"])
        assert by_id[name]["reason"] == reasons[name], name
    assert by_id["good"]["reason"] is None
    # One page read and fine, the others unknown: never "all clear", unknown overall, exit 3.
    assert (data["overall"], data["worst_known"]) == ("unknown", "operational")
    assert data["unknown"] == len(cases) + 1
    assert result.returncode == 3
    assert elapsed < 25, "the hanging page must cost at most the ~10 s deadline"


def test_one_page_up_and_one_unreachable_is_unknown_not_green(server: StatusServer, home: Path):
    """The trial's case: a page that answers beside one that cannot be reached."""
    server.set_fixture(SUMMARY, "statuspage/healthy.json")
    with StatusServer() as gone:
        refused = gone.url
    config = write_config(home / "c.toml", [provider("up", server.url), provider("gone", refused)])
    table = cli("status", "--config", str(config))
    assert table.returncode == 3, table.stderr
    assert table.stdout.startswith("Overall: ? unknown (1 of 2 could not be read)")
    assert "✔ operational" not in table.stdout.splitlines()[0]
    document = cli("status", "--json", "--config", str(config))
    data = json.loads(document.stdout)
    assert document.returncode == 3
    assert (data["overall"], data["unknown"], data["worst_known"]) == ("unknown", 1, "operational")
    assert [p["state"] for p in data["providers"]] == ["operational", "unknown"]


def test_every_provider_unreachable_is_offline(home: Path):
    with StatusServer() as gone:
        url = gone.url
    config = write_config(home / "c.toml", [provider("a", url), provider("b", url + "/b")])
    result = cli("status", "--config", str(config))
    assert result.returncode == 3
    assert "offline — no status page could be reached; check your network" in result.stdout


def test_config_error_is_clear_and_nothing_starts(home: Path):
    bad = home / "bad.toml"
    bad.write_text('[catalogue]\nenabled = ["opnai"]\n')
    result = cli("status", "--config", str(bad))
    assert result.returncode == 78
    assert result.stdout == ""
    assert (
        f"configuration error: {bad}: line 2: catalogue.enabled[0]: no provider 'opnai' in the catalogue (did you mean 'openai'?)"
        in result.stderr
    )
    assert "Traceback" not in result.stderr


def test_config_path_and_init(home: Path):
    path = Path(cli("config").stdout.strip())
    assert path == home / "config" / "ai-status-tray" / "config.toml"
    assert not path.exists()
    assert "Wrote a commented default" in cli("config", "--init").stdout
    assert path.read_text().startswith("# AI Status Tray configuration")
    assert "already exists" in cli("config", "--init").stdout


def test_providers_lists_the_catalogue_and_marks_the_watched(home: Path):
    out = cli("providers").stdout
    lines = {
        line.split()[1] if line.startswith(" *") else line.split()[0]: line
        for line in out.splitlines()
        if line.strip()
    }
    for pid in ("openai", "anthropic", "gemini", "copilot"):
        assert lines[pid].startswith(" * ")
    for pid in (
        "azure-openai",
        "mistral",
        "perplexity",
        "deepseek",
        "xai",
        "groq",
        "cohere",
        "huggingface",
        "together",
        "openrouter",
    ):
        assert lines[pid].startswith("   ")


def test_watch_redraws_after_each_poll_and_stops_on_ctrl_c(server: StatusServer, home: Path):
    server.set_fixture(SUMMARY, "statuspage/healthy.json")
    config = write_config(home / "c.toml", [provider("p", server.url)], interval=1)
    proc = subprocess.Popen(
        [sys.executable, "-m", "trayapp", "watch", "--config", str(config)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    seen: list[str] = []
    while sum("Overall:" in line for line in seen) < 2:
        seen.append(proc.stdout.readline())
        if len(seen) == 1:
            server.set_fixture(SUMMARY, "statuspage/outage.json")
    assert "Overall: ✔ operational" in "".join(seen)
    while "major outage" not in seen[-1]:
        seen.append(proc.stdout.readline())
    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=5) == 0


def test_python_dash_m_and_version(home: Path):
    assert cli("--version").stdout.strip() == "ai-status-tray 0.1.0"


def test_options_work_before_and_after_the_command():
    from trayapp.cli_parser import build_parser

    parser = build_parser()
    before = parser.parse_args(["--config", "a.toml", "--debug", "status"])
    after = parser.parse_args(["status", "--config", "b.toml", "--debug"])
    neither = parser.parse_args(["status"])
    assert (str(before.config), before.debug) == ("a.toml", True)
    assert (str(after.config), after.debug) == ("b.toml", True)
    assert (neither.config, neither.debug) == (None, False)


@pytest.mark.parametrize(
    ("env", "config_line"),
    [({"LANG": "id_ID.UTF-8"}, ""), ({"LANG": "C.UTF-8"}, 'language = "id"\n')],
)
def test_the_table_speaks_indonesian_in_jakarta_time_and_json_stays_english(
    server: StatusServer, home: Path, env: dict[str, str], config_line: str
):
    server.set_fixture(SUMMARY, "statuspage/outage.json")
    config = write_config(home / "c.toml", [provider("claude", server.url)])
    config.write_text(config_line + config.read_text())
    jakarta = {"TZ": "Asia/Jakarta", "COLUMNS": "140", **env}
    table = cli("status", "--config", str(config), env=jakarta)
    assert table.returncode == 2, table.stderr
    assert "Keseluruhan: ✖ gangguan besar   (diperiksa " in table.stdout
    assert "LAYANAN" in table.stdout and "STATUS" in table.stdout and "RINCIAN" in table.stdout
    # The page's own title stays as written; its fixed status word and the words around it are
    # Indonesian.
    assert "Claude API unavailable — sedang diselidiki, sejak 20 Nov 20.25 WIB (" in table.stdout
    assert "investigating" not in table.stdout
    data = json.loads(cli("status", "--json", "--config", str(config), env=jakarta).stdout)
    assert data["overall"] == "major_outage"
    assert data["providers"][0]["state"] == "major_outage"
    assert data["providers"][0]["incidents"][0]["impact"] == "major_outage"
    assert data["providers"][0]["incidents"][0]["status"] == "investigating"  # the page's word


def test_providers_shows_an_override_as_configured_and_never_a_password(home: Path):
    config = write_config(
        home / "c.toml",
        [{"id": "copilot", "name": "My Copilot mirror", "url": "https://u:s3cret@mirror.example"}],
    )
    table = cli("providers", "--config", str(config)).stdout
    row = next(line for line in table.splitlines() if " copilot " in line)
    assert row.startswith(" * ") and "My Copilot mirror" in row and "mirror.example" in row
    listed = json.loads(cli("providers", "--json", "--config", str(config)).stdout)
    mine = next(p for p in listed if p["id"] == "copilot")
    assert mine["name"] == "My Copilot mirror" and mine["url"] == "https://mirror.example"
    assert "s3cret" not in table + json.dumps(listed)
