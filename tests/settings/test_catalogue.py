"""The built-in catalogue: every entry loads, is safe to poll and says when it was checked."""

from __future__ import annotations

import tomllib
from datetime import date
from importlib import resources
from urllib.parse import urlsplit

from trayapp.settings.catalogue import DEFAULT_ENABLED, load_catalogue
from trayapp.settings.config import parse
from trayapp.sources import SOURCE_TYPES

CATALOGUE = load_catalogue()


def test_at_least_25_providers_with_unique_ids():
    assert len(CATALOGUE) >= 25
    raw = tomllib.loads(
        resources.files("trayapp.settings").joinpath("catalogue.toml").read_text("utf-8")
    )
    assert list(raw) == list(CATALOGUE)
    assert len({pid.casefold() for pid in CATALOGUE}) == len(CATALOGUE)
    assert set(DEFAULT_ENABLED) <= set(CATALOGUE)


def test_every_url_is_https_and_every_type_known():
    for spec in CATALOGUE.values():
        for url in (spec.url, spec.chat_url):
            if url is not None:
                parts = urlsplit(url)
                assert parts.scheme == "https" and parts.hostname, (spec.id, url)
        assert spec.type in SOURCE_TYPES, spec.id


def test_every_entry_has_a_verified_date_not_in_the_future():
    for spec in CATALOGUE.values():
        assert spec.verified is not None, spec.id
        assert date.fromisoformat(spec.verified) <= date(2026, 11, 30), spec.id


def test_format_specific_fields_are_present():
    for spec in CATALOGUE.values():
        if spec.type == "gcloud":
            assert spec.product, spec.id
        if spec.type != "feed":
            assert not spec.match, spec.id


def test_every_entry_passes_the_config_validation_when_enabled():
    every = ", ".join(f'"{pid}"' for pid in CATALOGUE)
    config = parse(f"[catalogue]\nenabled = [{every}]\n", CATALOGUE)
    assert [p.id for p in config.providers] == list(CATALOGUE)


def test_the_platform_moves_of_2026_are_in_the_catalogue():
    assert CATALOGUE["gemini"].product == "npdyhgECDJ6tB66MxXyo"
    assert CATALOGUE["gemini"].url == "https://www.google.com/appsstatus/dashboard"
    assert CATALOGUE["gemini-api"].product == "Z0FZJAMvEB4j3NbCJs6B"
    assert CATALOGUE["mistral"].type == "checkly"
    assert CATALOGUE["deepseek"].type == "flashcat"
    assert CATALOGUE["openrouter"].type == "datadog"
    assert "Copilot AI Model Providers" in CATALOGUE["copilot"].components
    assert CATALOGUE["replicate"].components == ("Replicate",)
