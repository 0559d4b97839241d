"""The `probe` field: on by default for the default set, overridable and switchable per provider."""

from __future__ import annotations

import pytest

from trayapp.settings.catalogue import PROVIDER_FIELDS, load_catalogue
from trayapp.settings.config import ConfigError, parse


def test_the_default_set_probes_its_apis():
    catalogue = load_catalogue()
    assert "probe" in PROVIDER_FIELDS
    assert {pid: catalogue[pid].probe for pid in ("openai", "anthropic", "gemini")} == {
        "openai": "https://api.openai.com/v1/models",
        "anthropic": "https://api.anthropic.com/v1/models",
        "gemini": "https://generativelanguage.googleapis.com/",
    }
    config = parse("", catalogue)
    assert [s.probe is not None for s in config.providers] == [True, True, True, False]


@pytest.mark.parametrize("off", ["false", '""'])
def test_a_probe_can_be_switched_off_or_moved(off: str):
    catalogue = load_catalogue()
    config = parse(f'[[providers]]\nid = "openai"\nprobe = {off}\n', catalogue)
    assert config.providers[0].id == "openai" and config.providers[0].probe is None
    moved = parse(
        '[[providers]]\nid = "anthropic"\nprobe = "https://api.anthropic.com/v1/complete"\n',
        catalogue,
    )
    assert moved.providers[1].probe == "https://api.anthropic.com/v1/complete"


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("true", "expected an https URL, or false to switch the probe off"),
        ("42", "expected an https URL, or false to switch the probe off"),
        ('"ftp://api.openai.com/"', "https"),
        ('"http://api.openai.com/v1/models"', "plain http is allowed only for loopback hosts"),
    ],
)
def test_a_bad_probe_is_named_with_its_line(value: str, problem: str):
    text = f'poll_interval = 60\n[[providers]]\nid = "openai"\nprobe = {value}\n'
    with pytest.raises(ConfigError) as caught:
        parse(text, load_catalogue())
    assert "line 4: providers[0].probe:" in str(caught.value)
    assert problem in str(caught.value)
