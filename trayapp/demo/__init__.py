"""The demo: the real tray fed by a loopback server that replays real outages, time compressed."""
