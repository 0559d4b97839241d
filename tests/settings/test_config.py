from __future__ import annotations

from pathlib import Path

import pytest

from trayapp.settings.catalogue import DEFAULT_ENABLED, load_catalogue
from trayapp.settings.config import DEFAULT_CONFIG, ConfigError, load, parse

CATALOGUE = load_catalogue()


def error(text: str) -> str:
    with pytest.raises(ConfigError) as info:
        parse(text, CATALOGUE, Path("/home/u/.config/ai-status-tray/config.toml"))
    return str(info.value)


def test_no_config_watches_the_default_set(tmp_path: Path):
    config = load(tmp_path / "missing.toml", CATALOGUE)
    assert [p.id for p in config.providers] == list(DEFAULT_ENABLED)
    assert config.poll_interval == 60


def test_the_commented_default_is_valid_and_equals_the_defaults():
    config = parse(DEFAULT_CONFIG, CATALOGUE)
    assert [p.id for p in config.providers] == list(DEFAULT_ENABLED)
    assert config.notifications is True


def test_issue_example_with_a_custom_provider_and_empty_catalogue():
    config = parse(
        """
poll_interval = 120
[catalogue]
enabled = []
[[providers]]
id = "acme"
name = "Acme AI"
type = "statuspage"
url = "https://status.acme.ai/sub/"
components = ["API"]
chat_url = "https://chat.acme.ai"
""",
        CATALOGUE,
    )
    (acme,) = config.providers
    assert (acme.id, acme.name, acme.url, acme.components) == (
        "acme",
        "Acme AI",
        "https://status.acme.ai/sub",
        ("API",),
    )
    assert config.poll_interval == 120


def test_override_of_a_catalogue_provider_keeps_its_place_and_other_fields():
    config = parse(
        '[catalogue]\nenabled = ["openai", "anthropic"]\n'
        '[[providers]]\nid = "openai"\ncomponents = ["ChatGPT", "APIs"]\n',
        CATALOGUE,
    )
    openai, anthropic = config.providers
    assert openai.components == ("ChatGPT", "APIs")
    assert openai.url == "https://status.openai.com"
    assert anthropic.id == "anthropic"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "poll_intervall = 60\n",
            "line 1: poll_intervall: unknown key (did you mean 'poll_interval'?)",
        ),
        (
            "poll_interval = 5\n",
            "line 1: poll_interval: must be at least 15 seconds (shorter ones only when every status page is on this computer)",
        ),
        ('poll_interval = "60"\n', "line 1: poll_interval: expected a number of seconds"),
        (  # worked out by the app from whether components are named; not a key of the file
            '[[providers]]\nid = "openai"\nown_components = true\n',
            "line 3: providers[0].own_components: unknown key",
        ),
        (
            '[catalogue]\nenabled = ["openai", "antropic"]\n',
            "line 2: catalogue.enabled[1]: no provider 'antropic' in the catalogue (did you mean 'anthropic'?)",
        ),
        (
            '[[providers]]\nid = "a"\nname = "A"\ntype = "statuspag"\nurl = "https://a.example"\n',
            "line 4: providers[0].type: unknown type 'statuspag' (did you mean 'statuspage'?)",
        ),
        (
            '[[providers]]\nid = "a"\nname = "A"\ntype = "statuspage"\nurl = "http://a.example"\n',
            "line 5: providers[0].url: plain http is allowed only for loopback hosts; use https",
        ),
        (
            '[[providers]]\nid = "a"\nname = "A"\ntype = "statuspage"\nurl = "https://a.example"\n[[providers]]\nid = "b"\ntype = "feed"\n',
            "providers[1].name: required for a provider that is not in the catalogue",
        ),
        (
            '[[providers]]\nid = "g"\nname = "G"\ntype = "gcloud"\nurl = "https://status.cloud.google.com"\n',
            "providers[0].product: a gcloud provider needs the product id",
        ),
        ('[[providers]]\nid = "Bad Id"\n', "providers[0].id: expected an id of lowercase letters"),
        ("[catalogue]\nenabled = []\n", "catalogue.enabled: no provider is watched"),
        ("poll_interval = \n", "not valid TOML"),
        (
            '[notifications]\nmuted = "openai"\n',
            "line 2: notifications.muted: expected a list of non-empty strings",
        ),
    ],
)
def test_errors_name_the_file_line_key_and_what_is_expected(text: str, expected: str):
    message = error(text)
    assert message.startswith("/home/u/.config/ai-status-tray/config.toml: ")
    assert expected in message


def test_short_interval_is_accepted_for_loopback_providers_only():
    text = (
        "poll_interval = 1\n[catalogue]\nenabled = []\n"
        '[[providers]]\nid = "local"\nname = "Local"\ntype = "statuspage"\nurl = "http://127.0.0.1:8080"\n'
    )
    assert parse(text, CATALOGUE).poll_interval == 1.0
    with pytest.raises(ConfigError):
        parse(text.replace("enabled = []", 'enabled = ["openai"]'), CATALOGUE)


def test_language_is_en_or_id_and_anything_else_names_the_key_and_the_choices():
    assert parse('language = "id"\n', CATALOGUE).language == "id"
    assert parse("", CATALOGUE).language is None
    assert error('poll_interval = 60\nlanguage = "fr"\n') == (
        "/home/u/.config/ai-status-tray/config.toml: line 2: language: "
        'unsupported language \'fr\'; expected one of "en", "id"'
    )


def test_a_huge_file_is_refused_before_it_is_read(tmp_path: Path):
    path = tmp_path / "config.toml"
    path.write_text("# " + "x" * 300_000 + "\n")
    with pytest.raises(ConfigError, match="larger than 256 KB"):
        load(path, CATALOGUE)


def test_not_valid_toml_says_where_and_why_in_the_users_language_the_parser_after(tmp_path):
    from trayapp.settings.config_edit import parse_document
    from trayapp.settings.language import apply

    apply("id")
    try:
        with pytest.raises(ConfigError) as parsed:
            parse("poll_interval = 60\nwrong key = 1\n", {}, tmp_path / "config.toml")
        with pytest.raises(ConfigError) as edited:
            parse_document("poll_interval = 60\nwrong key = 1\n")
    finally:
        apply("en")
    assert str(parsed.value) == (
        f"{tmp_path / 'config.toml'}: baris 2, kolom 7: bukan TOML yang sah: "
        "Expected '=' after a key in a key/value pair"
    )
    assert str(edited.value).startswith("config.toml: baris 2, kolom ")
    assert ": bukan TOML yang sah: " in str(edited.value)
