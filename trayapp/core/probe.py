"""API probes, the pure part: what an answer means, when failures count, what the user sees.

A probe asks a cheap public endpoint of a provider's API. Any answer from the service (200,
401, 403, 404...) means it is reachable; 5xx, resets and timeouts mean failing. A probe never
makes anything green: it can only add a doubt to a page that says "operational", and only after
``FAILURES_TO_DOUBT`` failures in a row while other hosts answered (so it is not the user's own
network that is down).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from trayapp.core.i18n import _
from trayapp.core.model import ProbeReading, ProviderStatus, State

FAILURES_TO_DOUBT = 3


def answer_ok(status_code: int) -> bool:
    """True when an HTTP status shows the service itself answered (anything below 500)."""
    return 100 <= status_code < 500


def advance(
    reading: ProbeReading,
    ok: bool,
    detail: str,
    others_answered: bool,
    now: datetime,
) -> ProbeReading:
    """The probe's reading after one more answer (or failure) at ``now``.

    A failure counts only when other hosts answered in the same round; when nothing else
    answered either, the user's network is the likelier culprit and the count is left as it was.
    """
    if ok:
        return replace(reading, ok=True, detail=detail, failing_since=None, failures=0)
    if not others_answered:
        return replace(reading, detail=detail)
    return replace(
        reading,
        ok=False,
        detail=detail,
        failing_since=reading.failing_since or now,
        failures=reading.failures + 1,
    )


def doubted(reading: ProbeReading | None) -> bool:
    """True when the probe has failed often enough to doubt a page's "operational"."""
    return reading is not None and reading.ok is False and reading.failures >= FAILURES_TO_DOUBT


def not_on_page_note() -> str:
    return _("API not answering — not yet on the status page")


def remark(status: ProviderStatus) -> str | None:
    """What to show beside a provider the probe doubts: the note and the probe's last answer."""
    if not status.unconfirmed:
        return None
    detail = f" ({status.probe.detail})" if status.probe and status.probe.detail else ""
    return not_on_page_note() + detail


def apply_probe(status: ProviderStatus, reading: ProbeReading | None) -> ProviderStatus:
    """``status`` with the probe's reading attached, and degraded if the probe is doubted.

    Only an "operational" page is overruled: a page that already reports a problem knows, and
    an unknown page stays unknown (the probe never says more than that something is wrong).
    """
    if reading is None:
        return status
    if status.state is not State.OPERATIONAL or not doubted(reading):
        return replace(status, probe=reading)
    doubting = replace(
        status,
        probe=reading,
        state=State.DEGRADED,
        unconfirmed=True,
        notes=(*status.notes, not_on_page_note()),
    )
    # Shown where a page's remarks are shown (menu, table, details) with the probe's answer.
    return replace(doubting, error="; ".join(filter(None, (status.error, remark(doubting)))))


def may_be_down(name: str, detail: str) -> tuple[str, str]:
    """Title and body of the one "may be down" notification."""
    title = _("{name} API may be down — its status page has not said so yet").format(name=name)
    body = (f"{detail}. " if detail else "") + _("Its status page still says it is operational.")
    return title, body


def answering_again(name: str) -> tuple[str, str]:
    """Title and body of the quiet recovery when the API answers before the page said anything."""
    return (
        _("{name} API is answering again").format(name=name),
        _("Its status page never reported a problem."),
    )
