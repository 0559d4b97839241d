"""The data saver: when it is on, at what pace, and what the menu says about it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.views.sample import NOW, SNAPSHOT
from trayapp.core.datasaver import DataSaver, decide, menu_line
from trayapp.settings.language import apply
from trayapp.views.menu_model import SEPARATOR, MenuState, build


@pytest.mark.parametrize(
    ("setting", "metered", "on", "interval"),
    [
        (None, True, True, 300.0),  # "auto" on a metered connection
        (None, False, False, 60.0),
        (None, None, False, 60.0),  # not known is not metered
        (True, False, True, 300.0),  # the user asked
        (False, True, False, 60.0),  # the user said never
    ],
)
def test_on_when_metered_or_asked_for(
    setting: bool | None, metered: bool | None, on: bool, interval: float
):
    saver = decide(setting, metered, 60.0, 300.0)
    assert (saver.on, saver.interval) == (on, interval)


def test_it_never_polls_more_often_than_the_users_own_interval():
    assert decide(True, None, 900.0, 300.0).interval == 900.0


def test_the_menu_says_it_is_on_why_and_how_often():
    assert menu_line(decide(None, True, 60, 300)) == (
        "Data saver on (metered connection): checking every 5 min"
    )
    assert menu_line(decide(True, None, 60, 600)) == (
        "Data saver on (turned on in settings): checking every 10 min"
    )
    assert menu_line(DataSaver(True, 4.0, True)) == (
        "Data saver on (metered connection): checking every 4 s"
    )
    assert menu_line(decide(None, False, 60, 300)) is None


def test_the_line_sits_under_the_header_and_is_not_clickable():
    line = menu_line(decide(None, True, 60, 300))
    entries = [e for e in build(SNAPSHOT, MenuState(data_saver=line), NOW) if e is not SEPARATOR]
    assert entries[2].text == line and not entries[2].enabled
    plain = [e.text for e in build(SNAPSHOT, MenuState(), NOW)]
    assert not any(text.startswith("Data saver") for text in plain)


@pytest.fixture
def indonesian() -> Iterator[None]:
    apply("id")
    yield
    apply("en")


def test_in_indonesian(indonesian: None):
    assert menu_line(decide(None, True, 60, 300)) == (
        "Penghemat data aktif (koneksi terukur): memeriksa tiap 5 menit"
    )
    assert menu_line(decide(True, None, 60, 300)) == (
        "Penghemat data aktif (dinyalakan di pengaturan): memeriksa tiap 5 menit"
    )
