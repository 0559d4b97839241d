"""The controller and the windows: what opens them, what they are sent, what they may change."""

from __future__ import annotations

import json
from dataclasses import replace

from tests.desktop.test_controller import make, snapshot, status
from trayapp.core.model import ProviderSpec, State
from trayapp.views import details_json
from trayapp.views.menu_model import Action

CLAUDE = ProviderSpec("claude", "Claude", "statuspage", "https://status.claude.example")


def test_details_about_and_the_notification_click_open_windows_not_pages():
    controller, desktop, clock = make()
    controller.on_snapshot(snapshot(status(State.OPERATIONAL), at=clock.now), True)
    for verb in ("details", "about"):
        controller.on_action(Action(verb))
    assert desktop.named("show_window") == ["details", "about"]
    assert desktop.named("open_page") == []


def test_without_windows_the_details_open_as_a_page_at_the_provider_asked_for():
    controller, desktop, clock = make()
    controller._windows = False  # a demo's session: the windows belong to the everyday tray
    controller.on_snapshot(snapshot(status(State.OPERATIONAL), at=clock.now), True)
    controller.on_action(Action("details", "claude"))  # "…and N more" in claude's submenu
    controller.on_action(Action("about"))
    controller.on_action(Action("settings"))  # the session's own effects decide (a demo: no)
    assert desktop.named("show_window") == []
    assert [fragment for _page, fragment in desktop.named("open_page")] == ["p-claude", "about"]
    assert len(desktop.named("open_settings")) == 1


def test_a_window_that_cannot_start_falls_back_to_the_page_saying_why():
    controller, desktop, clock = make()
    controller.on_snapshot(snapshot(status(State.MAJOR_OUTAGE), at=clock.now), True)
    controller.on_window_failed("details", "GTK 4 and libadwaita are not installed")
    controller.on_window_failed("about", "no display")
    (page, fragment), (_about, about) = desktop.named("open_page")
    assert fragment == "" and about == "about"
    assert "The window could not open (GTK 4 and libadwaita are not installed)" in page
    assert "major outage" in page


def test_the_view_is_sent_only_while_a_window_watches_and_only_when_it_changed():
    controller, desktop, clock = make()
    controller.on_snapshot(snapshot(status(State.OPERATIONAL), at=clock.now), True)
    assert desktop.named("publish_details") == []  # nobody watches: nothing built or sent
    controller.on_watching(True)
    controller.on_snapshot(snapshot(status(State.OPERATIONAL), at=clock.now), True)
    controller.on_tick()  # nothing changed: nothing sent again
    sent = desktop.named("publish_details")
    assert len(sent) == 1
    assert details_json.loads(sent[0]).providers[0].state is State.OPERATIONAL
    controller.on_snapshot(snapshot(status(State.MAJOR_OUTAGE), at=clock.now), True)
    latest = details_json.loads(desktop.named("publish_details")[-1]).providers[0]
    assert latest.state is State.MAJOR_OUTAGE and latest.since_exact
    controller.on_watching(False)
    controller.on_snapshot(snapshot(status(State.OPERATIONAL), at=clock.now), True)
    assert len(desktop.named("publish_details")) == 2


def watching_claude():
    controller, desktop, clock = make()
    controller.config = replace(controller.config, providers=(CLAUDE,))
    return controller, desktop, clock


def test_mute_and_unmute_from_a_window_for_watched_providers_only():
    controller, desktop, _clock = watching_claude()
    controller.on_action(Action("mute", "claude"))
    controller.on_action(Action("mute", "someone-else"))  # not watched: ignored
    assert controller.prefs.muted == frozenset({"claude"})
    controller.on_action(Action("unmute", "claude"))
    assert controller.prefs.muted == frozenset()
    assert [p.muted for p in desktop.named("save_prefs")] == [frozenset({"claude"}), frozenset()]


def test_the_json_says_muted_and_paused_as_the_menu_does():
    controller, _desktop, clock = watching_claude()
    controller.on_snapshot(snapshot(status(State.OPERATIONAL), at=clock.now), True)
    controller.on_action(Action("mute", "claude"))
    controller.on_action(Action("pause", "1h"))
    data = json.loads(controller.details_json())
    assert data["providers"][0]["muted"] is True
    assert data["paused_until"] is not None
