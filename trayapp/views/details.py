"""The details page: one self-contained HTML file (inline CSS, no network assets, light/dark)."""

from __future__ import annotations

import html
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path

from trayapp.core import reasons
from trayapp.core.aggregate import usable_alternatives
from trayapp.core.history import ProviderHistory
from trayapp.core.i18n import _, language
from trayapp.core.identity import APP_NAME
from trayapp.core.incident_words import incident_status
from trayapp.core.model import ProviderStatus, Snapshot, State
from trayapp.core.text import safe_link
from trayapp.core.timefmt import ago, local_with_zone
from trayapp.views.history_html import HISTORY_CSS, history_block
from trayapp.views.report import overall_text
from trayapp.views.summary import SYMBOLS, unknown_note

CSS = """
:root { color-scheme: light dark; --bg:#f7f7f8; --card:#fff; --fg:#1d1d1f; --muted:#666;
  --line:#e2e2e6; --operational:#2e9e44; --maintenance:#2f6fd6; --degraded:#b38f00;
  --partial_outage:#d06800; --major_outage:#d62b2b; --unknown:#808080; --offline:#6b6b6b; }
@media (prefers-color-scheme: dark) { :root { --bg:#161618; --card:#222226; --fg:#ececf0;
  --muted:#a0a0a8; --line:#38383e; --degraded:#f2c200; --partial_outage:#ff9a3c; } }
* { box-sizing: border-box; }
body { margin:0; padding:24px; background:var(--bg); color:var(--fg);
  font:15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  overflow-wrap: anywhere; }
main { max-width: 860px; margin: 0 auto; }
h1 { font-size: 22px; margin: 0 0 4px; }
.meta { color: var(--muted); margin: 0 0 20px; }
section.provider { background: var(--card); border: 1px solid var(--line); border-radius: 10px;
  padding: 14px 18px; margin: 0 0 14px; }
h2 { font-size: 17px; margin: 0 0 8px; display: flex; gap: 10px; align-items: baseline; }
.badge { font-size: 13px; font-weight: 600; padding: 1px 8px; border-radius: 999px; color: #fff; }
.s-operational{background:var(--operational)} .s-maintenance{background:var(--maintenance)}
.s-degraded{background:var(--degraded);color:#1b1b1b}
.s-partial_outage{background:var(--partial_outage);color:#1b1b1b}
.s-major_outage{background:var(--major_outage)} .s-unknown{background:var(--unknown)}
.s-offline{background:var(--offline)}
ul { margin: 4px 0 8px; padding-left: 20px; }
.components li { list-style: none; margin-left: -20px; }
.incident { border-left: 3px solid var(--line); padding: 2px 0 2px 10px; margin: 8px 0; }
.update { color: var(--muted); }
.error { color: var(--major_outage); }
.reason { font-weight: 600; }
a { color: inherit; }
footer { color: var(--muted); font-size: 13px; margin-top: 24px; }
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _at(when: datetime | None, now: datetime) -> str:
    return local_with_zone(when, now.tzinfo)


def _link(url: str | None, text: str) -> str:
    safe = safe_link(url)
    if safe is None:
        return _e(text)
    return f'<a href="{_e(safe)}" rel="noreferrer noopener">{_e(text)}</a>'


def _badge(state: State, label: str | None = None) -> str:
    text = state.label if label is None else label
    return f'<span class="badge s-{state.value}">{_e(SYMBOLS[state])} {_e(text)}</span>'


def _provider(p: ProviderStatus, now: datetime, past: ProviderHistory | None = None) -> str:
    parts = [
        f'<section class="provider" id="p-{_e(p.id)}">',
        f"<h2>{_e(p.name)} {_badge(p.state, reasons.state_label(p))}</h2>",
    ]
    if p.unknown_reason is not None:
        why = reasons.sentence(p.unknown_reason)
        parts.append(f'<p class="reason" data-reason="{_e(p.unknown_reason.value)}">{_e(why)}</p>')
    if p.error:
        as_of = (
            " " + _("(showing data from {ago})").format(ago=ago(p.data_as_of, now))
            if p.failure is not None and p.state.is_known and p.data_as_of
            else ""
        )
        parts.append(f'<p class="error">{_e(p.error)}{_e(as_of)}</p>')
    parts += [f'<p class="note">{_e(note)}</p>' for note in p.remarks]
    for incident in p.incidents:
        parts.append('<div class="incident">')
        started = (
            "; " + _e(_("started {time}").format(time=_at(incident.started_at, now)))
            if incident.started_at
            else ""
        )
        stands = _e(incident_status(incident.status))
        parts.append(
            f"<strong>{_link(incident.url, incident.title)}</strong> — {stands}, "
            f"{_e(incident.impact.label)}{started}"
        )
        if incident.latest_update:
            parts.append(f'<div class="update">{_e(incident.latest_update)}</div>')
        parts.append("</div>")
    for m in p.maintenances:
        when = (
            _("in progress")
            if m.in_progress
            else _("scheduled {time}").format(time=_at(m.starts_at, now))
        )
        parts.append(f'<div class="incident">⚙ {_link(m.url, m.title)} — {_e(when)}</div>')
    if p.components:
        parts.append('<ul class="components">')
        parts += [
            f"<li>{_e(SYMBOLS[c.state])} {_e(c.name)}: {_e(c.state.label)}</li>"
            for c in p.components
        ]
        parts.append("</ul>")
    links = [_link(p.status_page, _("Status page"))]
    if p.alternatives:
        names = ", ".join(_link(a.url, a.name) for a in p.alternatives)
        links.append(_e(_("use instead:")) + " " + names)
    parts.append(f"<p>{' · '.join(links)}</p>")
    if past is not None:
        parts.append(history_block(past, now))
    checked = _("Checked {time}").format(time=_at(p.checked_at, now))
    parts.append(f'<p class="update">{_e(checked)}</p>')
    parts.append("</section>")
    return "\n".join(parts)


def render(
    snapshot: Snapshot | None,
    now: datetime,
    log_file: Path | None = None,
    config_file: Path | None = None,
    version: str = "",
    notice: str = "",
    history: Mapping[str, ProviderHistory] | None = None,
    note: str = "",
) -> str:
    """The whole page; every piece of text from a status page is escaped, links are http(s).

    ``history`` (by provider id) adds each provider's 90-day bar, uptime and last outages;
    ``note`` is a line at the top (why this page is shown instead of the details window).
    """
    past = history or {}
    if snapshot is None:
        body = "<p>" + _e(_("Checking status pages…")) + "</p>"
        title = _("checking")
    else:
        title = overall_text(snapshot)
        unseen = unknown_note(snapshot.overall, snapshot.unknown_count, len(snapshot.providers))
        unknown = f" ({unseen})" if unseen else ""
        alternatives = usable_alternatives(snapshot)
        alt = ", ".join(_link(a.url, a.name) for a in alternatives) or _e(
            _("none fully up right now")
        )
        overall = _e(_("Overall"))
        checked = _e(_("checked {time}").format(time=_at(snapshot.checked_at, now)))
        up_now = _e(_("chat services up now:"))
        body = "\n".join(
            [
                f'<p class="meta">{overall} {_badge(snapshot.overall)}{_e(unknown)} · '
                f"{checked} · {up_now} {alt}</p>",
                *(_provider(p, now, past.get(p.id)) for p in snapshot.providers),
            ]
        )
    top = f'<p class="meta" id="note"><strong>{_e(note)}</strong></p>\n' if note else ""
    about = [f"{_e(APP_NAME)} {_e(version)}".strip()]
    if config_file:
        about.append(_e(_("settings: {path}").format(path=config_file)))
    if log_file:
        about.append(_e(_("log: {path}").format(path=log_file)))
    if notice:
        about.append(f'<strong class="notice">{_e(notice)}</strong>')
    return (
        f'<!DOCTYPE html>\n<html lang="{_e(language())}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta http-equiv="Content-Security-Policy" '
        "content=\"default-src 'none'; style-src 'unsafe-inline'\">"
        f"<title>{_e(APP_NAME)} — {_e(title)}</title><style>{CSS}{HISTORY_CSS}</style></head>\n"
        f"<body><main><h1>{_e(APP_NAME)}</h1>\n{top}{body}\n"
        f'<footer id="about">{" · ".join(about)}</footer></main></body></html>\n'
    )
