"""The app's names, shared by every layer."""

APP_NAME = "AI Status Tray"
APP_ID = "ai-status-tray"
