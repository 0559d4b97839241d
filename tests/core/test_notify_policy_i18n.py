"""Notifications in Indonesian: the words around the page's text, within the platform limits."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.core.test_notify_policy import NAMES, repeat, run
from trayapp.core.model import State
from trayapp.core.notify_policy import MESSAGE_LIMIT, TITLE_LIMIT, Kind
from trayapp.settings.language import apply


@pytest.fixture(autouse=True)
def indonesian() -> Iterator[None]:
    apply("id")
    yield
    apply("en")


def test_outage_and_recovery_read_in_indonesian():
    timeline = (
        repeat({"chatgpt": State.OPERATIONAL, "claude": State.OPERATIONAL}, 2)
        + repeat({"chatgpt": State.MAJOR_OUTAGE, "claude": State.OPERATIONAL}, 47)
        + repeat({"chatgpt": State.OPERATIONAL, "claude": State.OPERATIONAL}, 3)
    )
    notes = [note for _, note in run(timeline)]
    assert [n.kind for n in notes] == [Kind.OUTAGE, Kind.RECOVERY]
    outage, recovery = notes
    assert outage.title == "ChatGPT: gangguan besar"
    assert "ChatGPT errors" in outage.message  # the page's words, untranslated
    assert "Sementara itu: Claude" in outage.message
    assert recovery.title == "ChatGPT pulih kembali — gangguan 47 menit"
    assert recovery.message == "ChatGPT kembali beroperasi normal."


def test_translated_text_still_fits_the_platform_limits(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setitem(NAMES, "long", "Layanan AI dengan nama yang sangat panjang " * 8)
    timeline = repeat({"long": State.OPERATIONAL}, 2) + repeat({"long": State.DEGRADED}, 3)
    notes = [note for _, note in run(timeline)]
    assert len(notes) == 1
    assert len(notes[0].title) <= TITLE_LIMIT and notes[0].title.endswith("…")
    assert len(notes[0].message) <= MESSAGE_LIMIT and notes[0].message.endswith("…")


def test_an_outage_that_turns_into_maintenance_is_worded_for_maintenance():
    apply("en")
    timeline = (
        repeat({"claude": State.OPERATIONAL}, 2)
        + repeat({"claude": State.MAJOR_OUTAGE}, 3)
        + repeat({"claude": State.MAINTENANCE}, 2)
    )
    recovery = [note for _, note in run(timeline)][-1]
    assert recovery.kind is Kind.RECOVERY
    assert recovery.message == "Claude is out of the outage and under maintenance now."
    apply("id")
    recovery = [note for _, note in run(timeline)][-1]
    assert recovery.message == "Claude sudah lepas dari gangguan dan kini dalam pemeliharaan."
