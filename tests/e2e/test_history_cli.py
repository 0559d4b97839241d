"""``ai-status-tray history`` end to end: real polls recorded, read back with the clock pinned."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from tests.e2e.test_cli import SUMMARY, cli, provider, write_config
from tests.statusserver import StatusServer
from trayapp.core.model import Incident, ProviderStatus, Snapshot, State
from trayapp.history.store import HistoryStore

BERLIN = ZoneInfo("Europe/Berlin")
# Two days after the clocks went back: 25 October 2026 is a 25-hour day in Berlin.
NOW = datetime(2026, 10, 27, 12, 0, tzinfo=BERLIN)
FROM = datetime(2026, 10, 24, 0, 0, tzinfo=BERLIN)
OUTAGE = (
    datetime(2026, 10, 25, 10, 0, tzinfo=BERLIN),
    datetime(2026, 10, 25, 10, 50, tzinfo=BERLIN),
)
BLIND_DAY = datetime(2026, 10, 26, tzinfo=BERLIN).date()


def history_file(home: Path) -> Path:
    return home / "data" / "ai-status-tray" / "history.sqlite3"


def seed(path: Path) -> None:
    """Polls every 5 minutes for 3½ days: one 50-minute outage, one day a page was unreadable."""
    with HistoryStore.open(path) as store:
        at = FROM
        while at <= NOW:
            down = OUTAGE[0] <= at < OUTAGE[1]
            claude = ProviderStatus(
                id="anthropic",
                name="Claude",
                state=State.MAJOR_OUTAGE if down else State.OPERATIONAL,
                checked_at=at,
                status_page="https://status.claude.com",
                incidents=(Incident("Elevated errors on Claude", State.MAJOR_OUTAGE, "identified"),)
                if down
                else (),
            )
            blind = at.astimezone(BERLIN).date() == BLIND_DAY
            chatgpt = ProviderStatus(
                id="openai",
                name="ChatGPT",
                state=State.UNKNOWN if blind else State.OPERATIONAL,
                checked_at=at,
                status_page="https://status.openai.com",
            )
            store.record(Snapshot(State.OPERATIONAL, at.astimezone(UTC), (claude, chatgpt)))
            at = (at.astimezone(UTC) + timedelta(minutes=5)).astimezone(BERLIN)


PINNED = {"TZ": "Europe/Berlin", "AI_STATUS_TRAY_NOW": NOW.isoformat()}


def test_history_json_follows_the_contract_in_the_users_zone(home: Path):
    seed(history_file(home))
    result = cli("history", "--json", "--days", "4", env=PINNED)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["generated_at"] == "2026-10-27T12:00:00+01:00"
    claude, chatgpt = data["providers"]
    assert (claude["id"], claude["name"]) == ("anthropic", "Claude")
    # Observed from Oct 24 00:00: 24 h + 25 h + 24 h + 12 h = 306,000 s; 3,000 s of them down.
    assert claude["uptime"] == {"1d": 100.0, "7d": 99.02, "30d": 99.02, "90d": 99.02}
    assert claude["observed"] == {"1d": 100.0, "7d": 50.595, "30d": 11.806, "90d": 3.935}
    assert claude["days"] == [
        {"date": "2026-10-24", "worst": "operational", "observed_s": 86400},
        {"date": "2026-10-25", "worst": "major_outage", "observed_s": 90000},
        {"date": "2026-10-26", "worst": "operational", "observed_s": 86400},
        {"date": "2026-10-27", "worst": "operational", "observed_s": 43200},
    ]
    assert claude["outages"] == [
        {
            "state": "major_outage",
            "started_at": "2026-10-25T10:00:00+01:00",
            "ended_at": "2026-10-25T10:50:00+01:00",
            "duration_s": 3000,
            "incident": "Elevated errors on Claude",
        }
    ]
    # A day of unreadable pages is not downtime: out of the uptime, shown as unobserved.
    assert chatgpt["uptime"]["7d"] == 100.0
    assert chatgpt["observed"]["7d"] == round(100 * (306000 - 86400) / (7 * 86400), 3)
    assert chatgpt["days"][2] == {"date": "2026-10-26", "worst": "unknown", "observed_s": 0}
    assert chatgpt["outages"] == []


def test_history_table_and_one_providers_outages(home: Path):
    seed(history_file(home))
    out = cli("history", env=PINNED).stdout
    assert out.splitlines()[:4] == [
        "History of the last 90 days, as of 2026-10-27 12:00 CET.",
        "Uptime counts observed time only; OBSERVED is the share of 90 days seen at all.",
        "",
        "  PROVIDER        1D       7D      30D      90D  OBSERVED  OUTAGES  LONGEST      LAST",
    ]
    assert (
        "  Claude       100 %  99.02 %  99.02 %  99.02 %       4 %        1  50 min       2 d 1 h ago (50 min)"
        in out
    )
    assert (
        "  ChatGPT      100 %    100 %    100 %    100 %       3 %        0  —            none"
        in out
    )
    one = cli("history", "anthropic", env=PINNED).stdout
    assert "ChatGPT" not in one
    assert one.rstrip().endswith(
        "Outages, newest first:\n  Oct 25 10:00  50 min       major outage   Elevated errors on Claude"
    )


def test_polls_from_status_are_recorded_and_told_back(server: StatusServer, home: Path):
    server.set_fixture(SUMMARY, "statuspage/outage.json")
    config = write_config(home / "c.toml", [provider("claude", server.url)])
    assert cli("status", "--config", str(config)).returncode == 2
    server.set_fixture(SUMMARY, "statuspage/healthy.json")
    assert cli("status", "--config", str(config)).returncode == 0
    now = datetime.now(UTC) + timedelta(minutes=1)
    data = json.loads(cli("history", "--json", env={"AI_STATUS_TRAY_NOW": now.isoformat()}).stdout)
    (claude,) = data["providers"]
    (outage,) = claude["outages"]
    assert outage["state"] == "major_outage"
    assert outage["incident"] == "Claude API unavailable"
    assert outage["ended_at"] is not None and 0 <= outage["duration_s"] < 60
    assert claude["days"][-1]["worst"] == "major_outage"


def test_empty_missing_unknown_and_forget(home: Path):
    missing = cli("history")
    assert missing.returncode == 0
    assert f"No history yet in {history_file(home)}" in missing.stdout
    assert not history_file(home).exists(), "reading never creates the file"
    as_json = cli("history", "--json")
    assert json.loads(as_json.stdout)["providers"] == []
    assert "No history yet" in as_json.stderr
    seed(history_file(home))
    unknown = cli("history", "nope", env=PINNED)
    assert unknown.returncode == 2
    assert "No history for 'nope'; providers with history: anthropic, openai." in unknown.stderr
    bad_days = cli("history", "--days", "91")
    assert (
        bad_days.returncode == 3
    )  # usage errors: 3, as for status and "expected a whole number from 1 to 90" in bad_days.stderr
    forgotten = cli("history", "--forget")
    assert forgotten.returncode == 0 and "History deleted" in forgotten.stdout
    assert "No history yet" in cli("history", env=PINNED).stdout
    assert b"Elevated errors" not in history_file(home).read_bytes()


def test_a_damaged_file_is_reported_not_a_traceback(home: Path):
    path = history_file(home)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"garbage" * 1000)
    result = cli("history")
    assert result.returncode == 1
    assert f"The history file {path} cannot be read: file is not a database" in result.stderr
    assert "Traceback" not in result.stderr


def test_polls_from_watch_are_recorded(server: StatusServer, home: Path):
    server.set_fixture(SUMMARY, "statuspage/outage.json")
    config = write_config(home / "c.toml", [provider("claude", server.url)], interval=1)
    proc = subprocess.Popen(
        [sys.executable, "-m", "trayapp", "watch", "--config", str(config)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    drawn = 0
    while drawn < 3:
        line = proc.stdout.readline()
        drawn += "Overall:" in line
        if drawn == 2:
            server.set_fixture(SUMMARY, "statuspage/healthy.json")
    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=10) == 0
    now = datetime.now(UTC) + timedelta(seconds=5)
    data = json.loads(cli("history", "--json", env={"AI_STATUS_TRAY_NOW": now.isoformat()}).stdout)
    (claude,) = data["providers"]
    (outage,) = claude["outages"]
    assert outage["state"] == "major_outage" and outage["ended_at"] is not None
