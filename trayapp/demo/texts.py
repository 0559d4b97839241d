"""The scenarios' own words that the app says (their titles and one-line summaries), marked
for translation here because the .toml files are not Python. A test checks that every shipped
scenario's title and summary are among them. The providers' own wording in the incidents is
page text: shown as the pages wrote it, in English."""

from __future__ import annotations

from trayapp.core.i18n import N_

TEXTS = (
    N_("ChatGPT, 8 November 2024: half an hour down"),
    N_(
        "A Friday afternoon in California: ChatGPT unavailable for about 30 minutes, "
        "back for most people by 16:34 PT"
    ),
    N_("OpenAI, 11–12 December 2024: ChatGPT, the API and Sora down"),
    N_(
        "ChatGPT, the API and Sora down for four hours from 15:16 PST, a slow recovery, "
        "the API unstable again the next morning"
    ),
    N_("OpenAI, 16 July 2025: a login wall before breakfast in Jakarta"),
    N_(
        "From about 06:15 WIB most people cannot log in to ChatGPT (88 % of reports); "
        "Sora, Codex and the API fail too"
    ),
    N_("OpenAI and Anthropic, 3 February 2026: nowhere to go"),
    N_(
        'ChatGPT and Claude both report elevated error rates: no good answer under "Use '
        'instead"; fine-tuning stays degraded after the main recovery'
    ),
)
