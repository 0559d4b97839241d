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

# A tray beside the everyday one (the demo) has windows and a control channel of its own, under
# names of their own: its windows never raise, follow or steer the everyday tray's, nor the reverse.
DEMO_CHANNEL = "Demo"


def windows_app_id(channel: str = "") -> str:
    """The windows' application id: the everyday one, or a ``channel``'s own."""
    return f"{WINDOWS_APP_ID}.{channel}" if channel else WINDOWS_APP_ID


def control_bus_name(channel: str = "") -> str:
    """The tray's control channel on the session bus: the everyday one, or a ``channel``'s."""
    return f"{windows_app_id(channel)}.Tray" if channel else CONTROL_BUS_NAME
