"""AI Status Tray: the health of the AI tools you depend on, at a glance."""

__version__ = "0.1.0"
APP_NAME = "AI Status Tray"
APP_ID = "ai-status-tray"
