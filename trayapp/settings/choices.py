"""What the settings window shows for each provider, from the catalogue and the config file.

Pure: built from data already read, so the window's rows and its search are unit-tested.
"""

from __future__ import annotations

from dataclasses import dataclass

from trayapp.core.loudness import DEFAULT_LOUDNESS, SILENT
from trayapp.core.model import ProviderSpec
from trayapp.core.text import clean_text
from trayapp.settings.config import Config
from trayapp.sources import PLATFORMS

POPULAR = ("openai", "anthropic", "gemini", "copilot")  # first run's picks


@dataclass(frozen=True)
class ProviderChoice:
    id: str
    name: str
    platform: str  # untranslated platform name (sources.PLATFORMS); the window translates it
    vendor: str | None
    watched: bool
    components: tuple[str, ...]  # the ones watched; empty: the whole page
    loudness: str
    own: bool  # added by the user, not in the catalogue
    has_probe: bool  # an API probe that an API key can make more precise


def provider_choices(catalogue: dict[str, ProviderSpec], config: Config) -> list[ProviderChoice]:
    """Every catalogue provider (as the config has it, if it overrides one), then the user's own
    providers, with what is chosen for each."""
    watched = {spec.id: spec for spec in config.providers}
    specs = [watched.get(pid, spec) for pid, spec in catalogue.items()]
    specs += [spec for spec in config.providers if spec.id not in catalogue]
    silent = set(config.muted)
    return [
        ProviderChoice(
            id=spec.id,
            name=clean_text(spec.name, 80),
            platform=PLATFORMS.get(spec.type, spec.type),
            vendor=spec.vendor,
            watched=spec.id in watched,
            components=spec.components,
            loudness=SILENT
            if spec.id in silent
            else config.loudness.get(spec.id, DEFAULT_LOUDNESS),
            own=spec.id not in catalogue,
            has_probe=spec.probe is not None,
        )
        for spec in specs
    ]


def matches(choice: ProviderChoice, query: str, platform_name: str = "") -> bool:
    """Whether a search for ``query`` finds ``choice`` (name, id, vendor or platform, any case;
    every word of the query must be found). ``platform_name``: the platform as the user reads it."""
    haystack = " ".join(
        filter(None, (choice.name, choice.id, choice.vendor, choice.platform, platform_name))
    ).casefold()
    return all(word in haystack for word in query.casefold().split())
