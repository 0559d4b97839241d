"""Autostart entries, preferences, the single-instance lock, link opening, and start-up
without a display."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def test_no_display_runs_the_terminal_view_without_importing_pystray(home: Path):
    config = home / "c.toml"
    config.write_text(
        'poll_interval = 1\n[catalogue]\nenabled = []\n[[providers]]\nid = "x"\nname = "X"\n'
        'type = "statuspage"\nurl = "http://127.0.0.1:9"\n'
    )
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    code = (
        "import sys, trayapp.cli\n"
        "try:\n    trayapp.cli.main(sys.argv[1:])\nexcept KeyboardInterrupt:\n    pass\n"
        "print('pystray imported' if 'pystray' in sys.modules else 'pystray not imported')\n"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", code, "--config", str(config)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    first = proc.stdout.readline()
    assert first.startswith("Overall: ")
    proc.send_signal(2)
    out, err = proc.communicate(timeout=10)
    assert err.strip().splitlines()[0] == (
        "AI Status Tray: no display (DISPLAY and WAYLAND_DISPLAY are unset); showing the terminal view instead."
    )
    assert "Traceback" not in err
    assert out.strip().endswith("pystray not imported")
