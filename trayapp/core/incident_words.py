"""Where an incident or a maintenance stands, in the user's language.

Status platforms give it as one of a few fixed words (Statuspage's ``investigating``,
``identified``, ``monitoring``, ``resolved``, ``postmortem``; for maintenance ``scheduled``,
``in_progress``, ``verifying``, ``completed``; incident.io, Instatus, Checkly and the feeds use
the same): these are vocabulary, not text someone wrote, so they are translated wherever they
show. Any other word is the page's own and stays as written. Machine output (``--json``) keeps
the page's word.
"""

from __future__ import annotations

from trayapp.core.i18n import N_, _

WORDS = {
    "investigating": N_("investigating"),
    "identified": N_("identified"),
    "monitoring": N_("monitoring"),
    "resolved": N_("resolved"),
    "postmortem": N_("postmortem"),
    "scheduled": N_("scheduled"),
    "in progress": N_("in progress"),
    "verifying": N_("verifying"),
    "completed": N_("completed"),
}


def incident_status(word: str) -> str:
    """``investigating`` → "investigating" in the user's language; another word unchanged."""
    key = " ".join(word.replace("_", " ").replace("-", " ").split()).casefold()
    known = WORDS.get(key)
    return _(known) if known is not None else word
