"""The details and settings windows, run in their own process so the idle tray stays light."""
