"""`cheap_poll_interval`: how often pages that answer 304 or short Cache-Control may be asked."""

from __future__ import annotations

import pytest

from trayapp.settings.catalogue import load_catalogue
from trayapp.settings.config import DEFAULT_CONFIG, ConfigError, parse


def test_defaults_60_and_30_and_the_default_file_says_so():
    config = parse("", load_catalogue())
    assert (config.poll_interval, config.cheap_poll_interval) == (60.0, 30.0)
    assert parse(DEFAULT_CONFIG, load_catalogue()).cheap_poll_interval == 30.0


def test_it_never_exceeds_the_interval_and_never_goes_under_the_floor():
    catalogue = load_catalogue()
    assert parse("poll_interval = 20\n", catalogue).cheap_poll_interval == 20.0
    assert parse("cheap_poll_interval = 45\n", catalogue).cheap_poll_interval == 45.0
    assert parse("cheap_poll_interval = 120\n", catalogue).cheap_poll_interval == 60.0
    with pytest.raises(ConfigError, match=r"line 1: cheap_poll_interval: must be at least 15"):
        parse("cheap_poll_interval = 5\n", catalogue)
    with pytest.raises(ConfigError, match=r"cheap_poll_interval: expected a number"):
        parse('cheap_poll_interval = "often"\n', catalogue)


def test_data_saver_auto_by_default_five_minutes_and_the_default_file_says_so():
    for text in ("", DEFAULT_CONFIG):
        config = parse(text, load_catalogue())
        assert (config.data_saver, config.data_saver_interval) == (None, 300.0)


def test_data_saver_on_off_and_its_interval_validated():
    catalogue = load_catalogue()
    assert parse("data_saver = true\n", catalogue).data_saver is True
    assert parse("data_saver = false\n", catalogue).data_saver is False
    assert parse('data_saver = "auto"\n', catalogue).data_saver is None
    assert parse("data_saver_interval = 600\n", catalogue).data_saver_interval == 600.0
    # Never more often than the regular interval.
    assert parse("poll_interval = 900\n", catalogue).data_saver_interval == 900.0
    with pytest.raises(ConfigError, match=r'line 1: data_saver: expected true, false or "auto"'):
        parse('data_saver = "yes"\n', catalogue)
    with pytest.raises(ConfigError, match=r"data_saver_interval: must be at least 15"):
        parse("data_saver_interval = 5\n", catalogue)
