"""Notification bodies over D-Bus: page text stays text on servers that read markup."""

from __future__ import annotations

from trayapp.core.model import State
from trayapp.desktop.controller import Announcement
from trayapp.desktop.dbus_notify import body


def test_markup_servers_get_escaped_text_others_the_text_as_is():
    item = Announcement("Claude: major outage", "Errors <b>in</b> EU & US", State.MAJOR_OUTAGE)
    assert body(item, ["body", "body-markup"]) == "Errors &lt;b&gt;in&lt;/b&gt; EU &amp; US"
    assert body(item, ["body"]) == "Errors <b>in</b> EU & US"
