"""Which way the icon is shown, and whether the user is told there is no tray."""

from __future__ import annotations

from dataclasses import replace

from trayapp.desktop.hosts import Choice, Facts, choose, label_style

XFCE = Facts(
    linux=True,
    forced_backend=None,
    dbus=True,
    gtk=True,
    x11=True,
    sni_host=True,
    xembed_host=True,
)


def test_with_a_session_bus_the_icon_goes_where_a_tray_is_now_or_later():
    """SNI host, XEmbed tray, none yet, Wayland: the same switching tray, which moves the icon
    to whichever shows it (tested on the desktops in tests/e2e)."""
    assert choose(XFCE) == Choice("switch", host=True)
    assert choose(replace(XFCE, sni_host=False)) == Choice("switch", host=True)
    assert choose(replace(XFCE, sni_host=False, xembed_host=False)) == Choice("switch", False)
    wayland = replace(XFCE, x11=False, sni_host=False, xembed_host=False)
    assert choose(wayland) == Choice("switch", host=False)


def test_without_a_session_bus_an_xembed_tray_gets_pystray_s_gtk_icon():
    assert choose(replace(XFCE, dbus=False, sni_host=False)) == Choice("gtk", host=True)
    assert choose(replace(XFCE, dbus=False, gtk=False, x11=False)) == Choice("", host=True)


def test_gnome_s_extension_reads_menu_labels_its_own_way():
    assert label_style("gnome-shell") == "gnome"
    assert label_style("xfce4-panel") == "dbusmenu"
    assert label_style("kded5") == "dbusmenu"
    assert label_style(None, "ubuntu:GNOME") == "gnome"
    assert label_style(None, "KDE") == "dbusmenu"
    assert label_style(None, "") == "dbusmenu"


def test_a_backend_the_user_forces_is_used_and_the_host_still_checked():
    assert choose(replace(XFCE, forced_backend="gtk")) == Choice("gtk", host=True)
    nothing = replace(XFCE, forced_backend="gtk", sni_host=False, xembed_host=False)
    assert choose(nothing) == Choice("gtk", host=False)


def test_windows_and_macos_always_have_a_tray():
    assert choose(replace(XFCE, linux=False, sni_host=False, xembed_host=False)).host
