"""The ``status`` contract (issue 7): exit 0-3 on every path, one clear line on failure, no
credentials or raw server text in what it prints. Real command, real loopback server."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.e2e.test_cli import SUMMARY, cli, provider, write_config
from tests.statusserver import Route, StatusServer
from trayapp import cli as cli_module


@pytest.mark.parametrize(
    "args",
    [("status", "--bogus"), ("--nope",), ("frobnicate",), ("status", "--json", "extra")],
)
def test_usage_errors_exit_3_not_2(args: tuple[str, ...]):
    result = cli(*args)
    assert result.returncode == 3, result.stderr
    assert "error:" in result.stderr


def test_help_exits_0():
    result = cli("status", "--help")
    assert result.returncode == 0
    assert "--json" in result.stdout


def test_an_explicit_config_that_does_not_exist_is_an_error(home: Path):
    result = cli("status", "--config", str(home / "typo.toml"))
    assert result.returncode == 78
    assert result.stderr.strip().endswith("typo.toml: no such file (given with --config)")
    assert result.stdout == ""


def test_a_crash_is_unknown_with_one_line(monkeypatch: pytest.MonkeyPatch, capsys, home: Path):
    def broken(config):
        raise RuntimeError("a bug\nover two lines")

    import trayapp.polling.oneshot

    monkeypatch.setattr(trayapp.polling.oneshot, "poll_once", broken)  # cmd_status imports it
    assert cli_module.main(["status"]) == 3
    err = capsys.readouterr().err
    assert err == "ai-status-tray: status unknown: RuntimeError: a bug over two lines\n"


def test_a_huge_retry_after_is_unknown_not_a_traceback(server: StatusServer, home: Path):
    server.set(SUMMARY, Route(status=429, body=b"{}", headers={"Retry-After": "1" + "0" * 14}))
    config = write_config(home / "c.toml", [provider("busy", server.url)])
    result = cli("status", "--config", str(config), env={"COLUMNS": "160"})
    assert result.returncode == 3, result.stderr
    assert "Traceback" not in result.stderr
    assert "asked to wait 3600 s" in result.stdout


def test_credentials_and_hostile_redirect_text_never_reach_the_output(
    server: StatusServer, home: Path
):
    server.set(
        "/moved" + SUMMARY,
        Route(status=302, body=b"", headers={"Location": "gopher://\u202eevil\u0085\u2028x/"}),
    )
    server.set_fixture(SUMMARY, "statuspage/outage.json")
    secret = server.url.replace("http://", "http://bob:s3cret@")
    config = write_config(
        home / "c.toml",
        [provider("mine", secret), provider("moved", server.url + "/moved")],
    )
    for args in (("status", "--json"), ("status",), ("providers",)):
        result = cli(*args, "--config", str(config))
        assert "s3cret" not in result.stdout + result.stderr
        assert not any(ch in result.stdout for ch in "\u202e\u0085\u2028")
    data = json.loads(cli("status", "--json", "--config", str(config)).stdout)
    mine = next(p for p in data["providers"] if p["id"] == "mine")
    assert mine["state"] == "major_outage"  # the credentials were still used to fetch
    assert mine["status_page"] == server.url
    moved = next(p for p in data["providers"] if p["id"] == "moved")
    assert "redirected to a" in moved["error"]
