"""``ai-status-tray demo`` from the command line: the list, the options' errors, and the replay
without a display (the terminal view, then the closing line)."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

from tests.e2e.test_cli import cli

NO_DISPLAY = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}


def test_list_shows_each_scenario_on_one_line_and_the_default():
    result = cli("demo", "--list")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert [line.split()[:2] for line in lines[:4]] == [
        ["*", "chatgpt-nov-2024"],
        ["openai-dec-2024", "ChatGPT,"],
        ["openai-jul-2025", "From"],
        ["openai-anthropic-feb-2026", "ChatGPT"],
    ]
    assert 'no good answer under "Use instead"' in lines[3]
    assert lines[-1] == "* = the default. Run one with: ai-status-tray demo --scenario NAME"


def test_bad_options_are_usage_errors_that_name_the_choices():
    speed = cli("demo", "--speed", "0")
    assert speed.returncode == 3
    assert "argument --speed: expected a number from 1 to 3600" in speed.stderr
    assert cli("demo", "--speed", "nan").returncode == 3
    name = cli("demo", "--scenario", "../settings/catalogue")
    assert name.returncode == 3
    assert "no scenario '../settings/catalogue'; choose from chatgpt-nov-2024, " in name.stderr


def run_in_terminal(home: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "trayapp", "demo", *args],
        env={
            **NO_DISPLAY,
            **{k: os.environ[k] for k in os.environ if k.startswith("XDG_")},
            "HOME": str(home),
            "TZ": "Asia/Jakarta",
        },
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_without_a_display_the_replay_runs_in_the_terminal_and_ends_by_itself(home: Path):
    app = run_in_terminal(home, "--speed", "1800")
    out, err = app.communicate(timeout=120)
    assert app.returncode == 0, err
    assert err.startswith("AI Status Tray: no display"), err
    lines = out.splitlines()
    assert lines[0] == ("Demo: ChatGPT, 8 November 2024: half an hour down — replayed at 1800×")
    assert any(line.startswith("Overall: ✖ major outage") for line in lines), out
    news = [line for line in lines if line.startswith("» ")]
    assert len(news) == 2, out
    assert re.match(
        r"» 07:\d\d WIB  ChatGPT: major outage — ChatGPT unavailable \((investigating|identified)\)\. "
        r"Meanwhile: Claude or Gemini$",
        news[0],
    ), news
    back = re.match(r"» 0[78]:\d\d WIB  ChatGPT is back — down (\d+) min — ", news[1])
    assert back and 15 <= int(back.group(1)) <= 60, news  # 30 min, polls 15 min apart
    assert lines[-1].startswith("Demo over (ChatGPT, 8 November 2024: half an hour down). ")
    assert "“ChatGPT: major outage” at 07:" in lines[-1]
    # Nothing recorded and nothing of the user's written (the log lives in the state dir).
    assert not (home / "data" / "ai-status-tray").exists()
    assert not (home / "config" / "ai-status-tray").exists()
    # A log of its own: the everyday tray's is neither written nor rotated by a replay.
    logs = home / "state" / "ai-status-tray" / "log"
    assert not (logs / "ai-status-tray.log").exists()
    assert "demo: chatgpt-nov-2024 at 1800×" in (logs / "demo.log").read_text()


def test_ctrl_c_ends_the_replay_with_its_closing_line(home: Path):
    app = run_in_terminal(home, "--scenario", "openai-dec-2024", "--speed", "60")
    assert app.stdout is not None
    assert app.stdout.readline().startswith("Demo: OpenAI, 11–12 December 2024")
    assert app.stdout.readline().startswith("Overall: ✔ operational")
    app.send_signal(signal.SIGINT)
    out, err = app.communicate(timeout=30)
    assert app.returncode == 0, err
    assert out.strip().splitlines()[-1] == (
        "Demo over (OpenAI, 11–12 December 2024: ChatGPT, the API and Sora down). "
        "Nothing was announced."
    )
    assert "Traceback" not in err


def test_a_jakarta_user_gets_the_list_and_the_replay_in_indonesian(home: Path):
    jakarta = {"LANG": "id_ID.UTF-8", "TZ": "Asia/Jakarta"}
    listing = cli("demo", "--list", env=jakarta)
    assert listing.returncode == 0, listing.stderr
    assert "Sejak sekitar pukul 06.15 WIB sebagian besar pengguna" in listing.stdout
    assert "* = bawaan." in listing.stdout
    result = subprocess.run(
        [sys.executable, "-m", "trayapp", "demo", "--speed", "3600"],
        env={
            **NO_DISPLAY,
            **{k: os.environ[k] for k in os.environ if k.startswith("XDG_")},
            "HOME": str(home),
            **jakarta,
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Demo: ChatGPT, 8 November 2024: setengah jam gangguan — diputar ulang 3600×"
    assert lines[-1].startswith("Demo selesai (ChatGPT, 8 November 2024: setengah jam gangguan).")
    assert "“ChatGPT: gangguan besar” pukul 07." in lines[-1]
    assert "“ChatGPT pulih kembali — gangguan " in lines[-1]
