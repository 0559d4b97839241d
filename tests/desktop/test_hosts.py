"""Which way the icon is shown, and whether the user is told there is no tray."""

from __future__ import annotations

from dataclasses import replace

from trayapp.desktop.hosts import Choice, Facts, choose

XFCE = Facts(
    linux=True,
    forced_backend=None,
    dbus=True,
    gtk=True,
    x11=True,
    sni_host=True,
    xembed_host=True,
)


def test_an_sni_host_gets_our_own_status_notifier_item():
    assert choose(XFCE) == Choice("sni", host=True)


def test_an_xembed_tray_alone_gets_a_gtk_status_icon():
    assert choose(replace(XFCE, sni_host=False)) == Choice("gtk", host=True)


def test_no_tray_on_x11_waits_in_a_gtk_status_icon_and_says_there_is_none():
    assert choose(replace(XFCE, sni_host=False, xembed_host=False)) == Choice("gtk", host=False)


def test_wayland_without_a_watcher_has_no_tray_and_waits_for_one_over_dbus():
    wayland = replace(XFCE, x11=False, sni_host=False, xembed_host=False)
    assert choose(wayland) == Choice("sni", host=False)


def test_a_backend_the_user_forces_is_used_and_the_host_still_checked():
    assert choose(replace(XFCE, forced_backend="gtk")) == Choice("gtk", host=True)
    nothing = replace(XFCE, forced_backend="gtk", sni_host=False, xembed_host=False)
    assert choose(nothing) == Choice("gtk", host=False)


def test_windows_and_macos_always_have_a_tray():
    assert choose(replace(XFCE, linux=False, sni_host=False, xembed_host=False)).host
