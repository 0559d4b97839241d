"""A snapshot shared by the view tests: an outage, a healthy provider and an unknown one."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from trayapp.core.aggregate import build_snapshot
from trayapp.core.model import Component, FailureKind, Incident, ProviderStatus, State

NOW = datetime(2026, 11, 20, 14, 7, tzinfo=UTC)


def provider(pid: str, name: str, state: State, **kw) -> ProviderStatus:
    return ProviderStatus(
        id=pid,
        name=name,
        state=state,
        checked_at=NOW - timedelta(minutes=2),
        status_page=f"https://status.{pid}.example",
        chat_url=f"https://chat.{pid}.example",
        **kw,
    )


EVIL = '<script>alert("x")</script> Elevated errors'
SNAPSHOT = build_snapshot(
    [
        provider(
            "openai",
            "ChatGPT",
            State.MAJOR_OUTAGE,
            components=(
                Component("Conversations", State.MAJOR_OUTAGE, "ChatGPT"),
                Component("Chat Completions", State.OPERATIONAL, "APIs"),
            ),
            incidents=(
                Incident(
                    EVIL,
                    State.MAJOR_OUTAGE,
                    "investigating",
                    NOW - timedelta(minutes=47),
                    "We are on it.",
                    "https://status.openai.example/i/1",
                ),
                Incident("Bad link", State.DEGRADED, "identified", None, "", "javascript:alert(1)"),
            ),
        ),
        provider("anthropic", "Claude", State.OPERATIONAL),
        provider(
            "gemini",
            "Gemini",
            State.UNKNOWN,
            error="status.cloud.google.com timed out",
            failure=FailureKind.NETWORK,
        ),
    ],
    NOW - timedelta(minutes=2),
)
