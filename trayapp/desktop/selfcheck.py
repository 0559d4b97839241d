"""The start-up self-check: can the tray show a menu, and can a notification reach the user?

``pipx install ai-status-tray`` makes a venv without PyGObject, so pystray silently falls back to
its xorg backend (an icon with no menu); a desktop without a notification service drops every
notification. Either way the user is told once, in one line, with the fix for their system.
"""

from __future__ import annotations

import logging
import shutil
import sys
from collections.abc import Mapping

from trayapp.core.i18n import _
from trayapp.core.identity import APP_ID, APP_NAME

log = logging.getLogger(__name__)

NOTIFICATIONS = "org.freedesktop.Notifications"
PIPX = f"`pipx install --system-site-packages {APP_ID}`"
# Per distribution family: PyGObject + the AyatanaAppIndicator typelib, and dbus-python.
PACKAGES = {
    "debian": ("python3-gi and gir1.2-ayatanaappindicator3-0.1", "python3-dbus"),
    "fedora": ("python3-gobject and libayatana-appindicator-gtk3", "python3-dbus"),
    "arch": ("python-gobject and libayatana-appindicator", "python-dbus"),
}
FAMILIES = {"ubuntu": "debian", "linuxmint": "debian", "rhel": "fedora", "manjaro": "arch"}


def family(os_release: Mapping[str, str]) -> str | None:
    """``debian``, ``fedora`` or ``arch`` from /etc/os-release's ID and ID_LIKE, else None."""
    for name in [os_release.get("ID", ""), *os_release.get("ID_LIKE", "").split()]:
        name = FAMILIES.get(name, name)
        if name in PACKAGES:
            return name
    return None


def menu_fix(os_release: Mapping[str, str]) -> str:
    """What to install so that pystray gets a backend with a menu."""
    distro = family(os_release)
    if distro is None:
        return _(
            "install PyGObject and the AyatanaAppIndicator 0.1 typelib from your "
            "distribution, then {pipx}"
        ).format(pipx=PIPX)
    fix = _("install {packages}, then {pipx}").format(packages=PACKAGES[distro][0], pipx=PIPX)
    return fix + (_(", or use the .deb") if distro == "debian" else "")


def problems(
    backend: str,
    notifier: str | None,
    service: bool | None,
    os_release: Mapping[str, str],
) -> str | None:
    """The one line to show, or None when the tray has a menu and notifications can arrive.

    ``backend`` is pystray's; ``notifier`` how plyer would deliver ("dbus", "notify-send" or
    None: no way at all); ``service`` whether the session bus has a notification service
    (None: not known).
    """
    found: list[str] = []
    if backend == "xorg":
        found.append(
            _("the tray icon has no menu (only pystray's xorg backend is available): {fix}").format(
                fix=menu_fix(os_release)
            )
        )
    if notifier is None:
        dbus = PACKAGES.get(family(os_release) or "", ("", "dbus-python"))[1]
        found.append(
            _(
                "notifications cannot be sent (no dbus-python, no notify-send): install {dbus}"
            ).format(dbus=dbus)
        )
    elif service is False:
        found.append(
            _(
                "no notification service answers on the session bus ({name}): notifications "
                "will not be shown until one runs (your desktop's, dunst or xfce4-notifyd)"
            ).format(name=NOTIFICATIONS)
        )
    if not found:
        return None
    return f"{APP_NAME}: " + "; ".join(found)


def check(backend: str) -> str | None:
    """Look at this system and return :func:`problems`' line (Linux and BSD only)."""
    if not (sys.platform.startswith("linux") or "bsd" in sys.platform):
        return None
    notifier = _notifier()
    service = _has_notification_service() if notifier == "dbus" else None
    # The distribution only matters for the fixes named; reading it costs a module, so only then.
    needs_fix = backend == "xorg" or notifier is None
    return problems(backend, notifier, service, _os_release() if needs_fix else {})


def report() -> str | None:
    """Run :func:`check` for the pystray backend in use; say its line once on stderr and in the
    log, and return it for About. Call it after the tray icon was made (or failed to be)."""
    try:
        line = check(_backend())
    except Exception:  # the check must never stop the app
        log.warning("start-up self-check failed", exc_info=True)
        return None
    if line:
        print(line, file=sys.stderr)
        log.warning("%s", line)
    return line


def _backend() -> str:
    """pystray's backend ("appindicator", "gtk", "xorg"...), chosen when pystray was imported."""
    pystray = sys.modules.get("pystray")
    icon = getattr(pystray, "Icon", None)
    return str(icon.__module__).rsplit("._", 1)[-1] if icon is not None else "unknown"


def _notifier() -> str | None:
    """How plyer's Linux notifier will deliver: it tries dbus-python first, then notify-send."""
    try:
        import dbus  # noqa: F401
    except ImportError:
        return "notify-send" if shutil.which("notify-send") else None
    return "dbus"


def _has_notification_service(timeout: float = 1.0) -> bool | None:
    """Whether something owns, or the bus can start, org.freedesktop.Notifications."""
    try:
        import dbus

        # A private connection, closed after: plyer's shared one is then made by its own thread.
        bus = dbus.SessionBus(private=True)
        try:
            daemon = dbus.Interface(
                bus.get_object("org.freedesktop.DBus", "/org/freedesktop/DBus"),
                "org.freedesktop.DBus",
            )
            if daemon.NameHasOwner(NOTIFICATIONS, timeout=timeout):
                return True
            return NOTIFICATIONS in daemon.ListActivatableNames(timeout=timeout)
        finally:
            bus.close()
    except Exception as exc:  # no bus at all: notifications cannot arrive either
        log.info("session bus not reachable: %s", exc)
        return False


def _os_release() -> dict[str, str]:
    import platform  # only when a problem needs the distribution named

    try:
        return platform.freedesktop_os_release()
    except OSError:
        return {}
