"""Aggregation edge cases from issue 7: stale data on a stepped clock, bounded alternatives,
credentials never shown, error text sanitised."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.conftest import make_spec
from trayapp.core.aggregate import build_snapshot, failed_status, provider_status
from trayapp.core.model import FailureKind, Incident, ProviderStatus, Reading, State

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
SPEC = make_spec("statuspage")
STALE_AFTER = timedelta(minutes=3)


def good(data_as_of: datetime) -> ProviderStatus:
    return ProviderStatus(
        id=SPEC.id,
        name=SPEC.name,
        state=State.OPERATIONAL,
        checked_at=data_as_of,
        status_page=SPEC.url,
        data_as_of=data_as_of,
    )


@pytest.mark.parametrize(
    ("data_as_of", "age", "expected"),
    [
        (NOW - timedelta(minutes=1), None, State.OPERATIONAL),
        (NOW - timedelta(minutes=5), None, State.UNKNOWN),
        # The wall clock went back: the data looks "from the future". Stale, never fresh.
        (NOW + timedelta(hours=1), None, State.UNKNOWN),
        (datetime(9999, 12, 31, tzinfo=UTC), None, State.UNKNOWN),
        # A monotonic age, when given, decides whatever the wall clock says.
        (NOW + timedelta(hours=1), 60.0, State.OPERATIONAL),
        (NOW - timedelta(minutes=1), 600.0, State.UNKNOWN),
        (NOW - timedelta(minutes=1), -1.0, State.UNKNOWN),
    ],
)
def test_failed_status_keeps_only_recent_data(data_as_of, age, expected):
    status = failed_status(
        SPEC, "x answered HTTP 500", FailureKind.HTTP, NOW, good(data_as_of), STALE_AFTER, age=age
    )
    assert status.state is expected


def test_error_text_from_a_server_is_sanitised():
    raw = "moved to http://\u202eevil\u0085.example/\u2028line\nbreak " + "x" * 1000
    error = failed_status(SPEC, raw, FailureKind.HTTP, NOW).error or ""
    assert error.startswith("moved to http:// evil .example/ line break x")
    assert not any(ch in error for ch in "\u202e\u0085\n\u2028")
    assert len(error) <= 300


def test_alternatives_per_provider_are_bounded():
    providers = [
        ProviderStatus(
            id=f"p{i}",
            name=f"P{i}",
            state=State.OPERATIONAL if i % 2 else State.UNKNOWN,
            checked_at=NOW,
            status_page="https://s.example",
            chat_url=f"https://chat{i}.example",
        )
        for i in range(1200)
    ]
    snapshot = build_snapshot(providers, NOW)
    # Every unhealthy provider used to carry all 600 healthy ones: 360,000 objects.
    assert max(len(p.alternatives) for p in snapshot.providers) == 3


def test_credentials_in_a_url_are_never_shown():
    spec = make_spec("statuspage", url="https://user:s3cret@status.example.com")
    reading = Reading(
        indicator=State.MAJOR_OUTAGE,
        incidents=(
            Incident(
                "Down",
                State.MAJOR_OUTAGE,
                "investigating",
                url="https://user:s3cret@status.example.com/incidents/1",
            ),
        ),
    )
    status = provider_status(spec, reading, NOW)
    assert status.status_page == "https://status.example.com"
    assert status.incidents[0].url == "https://status.example.com/incidents/1"
    assert "s3cret" not in repr(status)
