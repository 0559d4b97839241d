"""The app's names, shared by every layer."""

APP_NAME = "AI Status Tray"
APP_ID = "ai-status-tray"

# The windows (details, settings, about) are one GApplication: a second launch with this id is
# forwarded to the running one over D-Bus, which raises its window.
WINDOWS_APP_ID = "io.github.AiStatusTray"

# The running tray's control object on the session bus (trayapp.desktop.control documents it).
CONTROL_BUS_NAME = "io.github.AiStatusTray.Tray"
CONTROL_PATH = "/io/github/AiStatusTray/Tray"
CONTROL_INTERFACE = "io.github.AiStatusTray.Tray1"
