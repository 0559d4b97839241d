"""Is the connection metered? The operating system's own flag, read off the polling loop and
bounded in time.

- Linux: NetworkManager's ``Metered`` property on the *system* D-Bus (the address from
  ``DBUS_SYSTEM_BUS_ADDRESS``, else the standard socket): yes and guess-yes count as metered
  (NetworkManager guesses yes for mobile broadband and phone hotspots).
- Windows: the connection profile's cost (``NetworkCostType`` fixed or variable), asked through
  PowerShell.
- Elsewhere (macOS): not known; ``data_saver = true`` in the settings says it instead.

``None`` means "not known" (no system bus, no NetworkManager, no answer in time): the data saver
then follows the settings alone.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

log = logging.getLogger(__name__)

TIMEOUT = 3.0  # seconds for one answer, whatever the bus or the OS does
NM = "org.freedesktop.NetworkManager"
NM_PATH = "/org/freedesktop/NetworkManager"
SYSTEM_SOCKET = Path("/var/run/dbus/system_bus_socket")
# NMMetered: 0 unknown, 1 yes, 2 no, 3 guess-yes, 4 guess-no
_NM_METERED = {1: True, 2: False, 3: True, 4: False}
_WINDOWS_COST = (
    "$p=[Windows.Networking.Connectivity.NetworkInformation,Windows.Networking.Connectivity,"
    "ContentType=WindowsRuntime]::GetInternetConnectionProfile();"
    "if($p){[int]$p.GetConnectionCost().NetworkCostType}"
)


def networkmanager(timeout: float = TIMEOUT) -> bool | None:
    """NetworkManager's verdict on the primary connection; None when it cannot be asked.

    Through jeepney, on a connection of its own: dbus-python on a second thread would share
    libdbus and the tray's GLib main loop with the SNI item (which corrupted the heap).
    """
    try:
        from jeepney import DBusAddress, DBusErrorResponse, Properties
        from jeepney.bus_messages import message_bus
        from jeepney.io.blocking import open_dbus_connection
    except ImportError:
        return None
    address = os.environ.get("DBUS_SYSTEM_BUS_ADDRESS")
    if not address:
        if not SYSTEM_SOCKET.exists():
            return None
        address = f"unix:path={SYSTEM_SOCKET}"
    try:
        connection = open_dbus_connection(bus=address, auth_timeout=timeout)
    except (OSError, ValueError, RuntimeError) as exc:
        log.debug("no system bus at %s (%s)", address, exc)
        return None
    try:
        # Asked first so that a missing NetworkManager is never started (activation can take
        # the whole timeout) and costs one quick answer.
        owned = connection.send_and_get_reply(message_bus.NameHasOwner(NM), timeout=timeout)
        if not owned.body[0]:
            return None
        manager = Properties(DBusAddress(NM_PATH, bus_name=NM, interface=NM))
        reply = connection.send_and_get_reply(manager.get("Metered"), timeout=timeout)
        _signature, value = reply.body[0]
        return _NM_METERED.get(int(value))
    except (DBusErrorResponse, OSError, TimeoutError, TypeError, ValueError, IndexError) as exc:
        log.debug("NetworkManager did not say whether the connection is metered (%s)", exc)
        return None
    finally:
        connection.close()


def windows(timeout: float = TIMEOUT) -> bool | None:
    """The Windows connection profile's cost: fixed or variable means metered."""
    try:
        answer = subprocess.run(
            ["powershell", "-NoProfile", "-NonInteractive", "-Command", _WINDOWS_COST],
            capture_output=True,
            text=True,
            timeout=timeout,
            creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0),
        )
    except (OSError, subprocess.SubprocessError):
        return None
    cost = answer.stdout.strip()
    return {"1": False, "2": True, "3": True}.get(cost)


# One question at a time: a bus that hangs for good holds one thread, not one per poll.
_asking = threading.Lock()


def reader() -> Callable[[float], bool | None] | None:
    """This system's way of knowing, if it has one."""
    if sys.platform.startswith("linux") or "bsd" in sys.platform:
        return networkmanager
    if sys.platform == "win32":
        return windows
    return None


async def is_metered(
    read: Callable[[float], bool | None] | None = None, timeout: float = TIMEOUT
) -> bool | None:
    """Whether the connection is metered, asked on a daemon thread (a hung bus or PowerShell
    delays neither the polling nor quitting); None after ``timeout`` or when not known."""
    read = read or reader()
    if read is None or not _asking.acquire(blocking=False):
        return None
    loop = asyncio.get_running_loop()
    answer: asyncio.Future[bool | None] = loop.create_future()

    def settle(value: bool | None) -> None:
        if not answer.done():
            answer.set_result(value)

    def work() -> None:
        try:
            value = read(timeout)
        except Exception:  # whatever the system does, polling goes on
            log.debug("reading whether the connection is metered failed", exc_info=True)
            value = None
        finally:
            _asking.release()
        with contextlib.suppress(RuntimeError):  # the loop is gone: nobody waits any more
            loop.call_soon_threadsafe(settle, value)

    threading.Thread(target=work, name="metered", daemon=True).start()
    try:
        return await asyncio.wait_for(answer, timeout + 0.5)
    except TimeoutError:
        log.info("no answer on whether the connection is metered within %g s", timeout)
        return None
