"""The replay's status pages for people: what "Open status page" and an incident's entry open
in the browser during a demo, so no click leads to the real page of another day."""

from __future__ import annotations

import html
from datetime import datetime

from trayapp.core.i18n import _
from trayapp.core.timefmt import local_with_zone
from trayapp.demo.scenario import Scenario
from trayapp.settings.zone import local_zone
from trayapp.views.summary import SYMBOLS

STYLE = (
    "body{font:15px/1.45 system-ui,sans-serif;max-width:46em;margin:2em auto;padding:0 1em}"
    ".demo{background:#fff3c4;border:1px solid #e0c060;padding:.6em .9em;border-radius:6px}"
    "li{margin:.2em 0}.update{margin:.4em 0 .4em 1em;color:#333}"
)


def status_page(scenario: Scenario, provider: str, when: datetime) -> str:
    """The page of ``provider`` as the replay has it at ``when``."""
    page = scenario.pages[provider]
    zone = local_zone()
    esc = html.escape
    parts = [
        "<!doctype html><html><head><meta charset='utf-8'>",
        f"<title>{esc(page.name)}</title><style>{STYLE}</style></head><body>",
        f"<h1>{esc(page.name)}</h1>",
        "<p class='demo'>"
        + esc(
            _("A replay for the AI Status Tray demo: this page as it read at {time}.").format(
                time=local_with_zone(when, zone)
            )
        )
        + "</p>",
        "<ul>",
    ]
    for name, state in scenario.components_at(provider, when).items():
        parts.append(f"<li>{SYMBOLS[state]} {esc(name)}: {esc(state.label)}</li>")
    parts.append("</ul>")
    listed = scenario.incidents_at(provider, when)
    for incident, shown in reversed(listed):
        parts.append(f"<h2>{esc(incident.name)}</h2>")
        for update in reversed(shown):
            parts.append(
                f"<p class='update'><b>{esc(update.status.capitalize())}</b> — "
                f"{esc(update.message)}<br><small>{esc(local_with_zone(update.at, zone))}"
                "</small></p>"
            )
    if all(shown[-1].resolved for _incident, shown in listed):
        parts.append("<p>" + esc(_("No incident is open.")) + "</p>")
    parts.append("</body></html>")
    return "".join(parts)
