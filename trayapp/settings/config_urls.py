"""A provider's addresses in the config: its page, the page's fallbacks, the chat, the API probe.

Checked with the rest of a provider (``settings/config.py``), each problem with its key path.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from trayapp.core.i18n import _
from trayapp.core.urls import url_problem

KeyPath = list[str | int]


def url_problem_in(merged: dict[str, Any], prefix: KeyPath) -> tuple[KeyPath, str] | None:
    """The first of a provider's addresses that may not be used, and why; None when all may.

    ``fallback_urls`` must already be a list of strings; ``probe`` may be ``false`` or ""
    (switched off).
    """
    problem = url_problem(merged["url"])
    if problem:
        return [*prefix, "url"], problem
    for number, fallback in enumerate(merged.get("fallback_urls", [])):
        problem = url_problem(fallback)
        if problem:
            return [*prefix, "fallback_urls", number], problem
    chat = merged.get("chat_url")
    if chat is not None and (
        not isinstance(chat, str)
        or urlsplit(chat).scheme not in ("https", "http")
        or not urlsplit(chat).hostname
    ):
        return [*prefix, "chat_url"], _("expected an http(s) URL")
    probe = merged.get("probe")
    if probe is None or probe is False or probe == "":
        return None
    if not isinstance(probe, str):
        return [*prefix, "probe"], _("expected an https URL, or false to switch the probe off")
    problem = url_problem(probe)
    return ([*prefix, "probe"], problem) if problem else None
