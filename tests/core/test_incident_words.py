"""The platforms' fixed status words in the user's language, wherever an incident shows."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from trayapp.core.incident_words import WORDS, incident_status
from trayapp.core.model import Incident, ProviderStatus, Snapshot, State
from trayapp.settings.language import apply

NOW = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)


@pytest.fixture
def indonesian() -> Iterator[None]:
    apply("id")
    yield
    apply("en")


def test_each_platform_word_is_translated_and_a_pages_own_word_is_kept(indonesian):
    assert incident_status("investigating") == "sedang diselidiki"
    assert incident_status("in_progress") == "sedang berlangsung"
    assert incident_status("In Progress") == "sedang berlangsung"
    assert incident_status("MONITORING") == "dalam pemantauan"
    assert incident_status("Wir prüfen das") == "Wir prüfen das"
    assert all(incident_status(word) != word for word in WORDS)


def test_the_notification_and_the_status_table_say_it_in_indonesian(indonesian):
    from trayapp.core.notify_policy import Memory, Settings, decide
    from trayapp.views.report import table

    incident = Incident("Elevated errors", State.MAJOR_OUTAGE, "identified", NOW)

    def snapshot(state: State, at: datetime) -> Snapshot:
        status = ProviderStatus(
            id="acme",
            name="Acme",
            state=state,
            checked_at=at,
            status_page="https://status.acme.example",
            incidents=(incident,) if state.is_problem else (),
        )
        return Snapshot(providers=(status,), overall=state, checked_at=at)

    memory, notes = decide(Memory(), snapshot(State.OPERATIONAL, NOW), NOW, Settings())
    for minute in (1, 2, 3):
        at = NOW + timedelta(minutes=minute)
        memory, more = decide(memory, snapshot(State.MAJOR_OUTAGE, at), at, Settings())
        notes += more
    assert [n.message for n in notes] == ["Elevated errors (penyebab ditemukan)"]
    later = NOW + timedelta(minutes=4)
    assert "Elevated errors — penyebab ditemukan" in table(
        snapshot(State.MAJOR_OUTAGE, later), later, 120
    )
