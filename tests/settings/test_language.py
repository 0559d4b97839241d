"""Which language the app speaks, and the catalogues that make it speak it."""

from __future__ import annotations

import string
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from trayapp.core import i18n
from trayapp.core.model import State
from trayapp.settings import language

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "trayapp" / "locale"
KEYWORDS = {"_": None, "ngettext": (1, 2), "N_": None}


@pytest.fixture
def speak() -> Iterator[None]:
    yield
    language.apply("en")


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"LANG": "id_ID.UTF-8"}, "id"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LANGUAGE": "id:en", "LANG": "en_US.UTF-8"}, "id"),  # LANGUAGE first
        ({"LANGUAGE": "fr:id"}, "id"),  # the first supported entry of the list
        ({"LC_ALL": "id_ID", "LANG": "en_GB.UTF-8"}, "id"),
        ({"LC_MESSAGES": "in_ID.UTF-8"}, "id"),  # the old code for Indonesian
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LANG": "fr_FR.UTF-8"}, None),  # not ours: the system's choice or English decides
        ({}, None),
    ],
)
def test_language_from_the_environment(environ: dict[str, str], expected: str | None):
    assert language.from_environment(environ) == expected


def test_the_config_wins_over_the_environment():
    assert language.choose("en", {"LANG": "id_ID.UTF-8"}) == "en"
    assert language.choose(None, {"LANG": "id_ID.UTF-8"}) == "id"


def test_state_names_follow_the_language(speak: None):
    language.apply("id")
    assert [s.label for s in State] == [
        "beroperasi normal",
        "pemeliharaan",
        "kinerja menurun",
        "gangguan sebagian",
        "gangguan besar",
        "tidak diketahui",
        "luring",
    ]
    assert State.MAJOR_OUTAGE.value == "major_outage"  # machines read English values
    language.apply("en")
    assert State.MAJOR_OUTAGE.label == "major outage"


def code_messages() -> set[str]:
    """Every message the code marks for translation (what scripts/i18n extracts)."""
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT / "trayapp"),
        method_map=[("**.py", "python")],
        keywords=KEYWORDS,
    ):
        found.add(message if isinstance(message, str) else message[0])
    return found


def catalogue(lang: str) -> Catalog:
    with (LOCALE / lang / "LC_MESSAGES" / "ai-status-tray.po").open("rb") as source:
        return read_po(source, locale=lang)


def translations(message: Message) -> list[str]:
    value = message.string
    return [value] if isinstance(value, str) else list(value or [""])


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


@pytest.mark.parametrize("lang", ["en", "id"])
def test_catalogues_are_complete_current_and_consistent(lang: str):
    po = catalogue(lang)
    ids = {m.id if isinstance(m.id, str) else m.id[0]: m for m in po if m.id}
    stale = sorted(code_messages() - set(ids))
    assert stale == [], f"run scripts/i18n: {len(stale)} messages are not in {lang}.po"
    fuzzy = sorted(i for i, m in ids.items() if m.fuzzy)
    assert fuzzy == []
    untranslated = sorted(i for i, m in ids.items() if not all(translations(m)))
    assert untranslated == [], f"{lang}.po lacks translations"
    for message_id, message in ids.items():
        for text in translations(message):
            assert fields(text) == fields(message_id), (message_id, text)


@pytest.mark.parametrize("lang", sorted(language.SUPPORTED))
def test_the_cldr_facts_in_each_catalogue_are_cldrs(lang: str, speak: None):
    # The catalogue gives month names and marks so that Babel never loads a language's whole
    # CLDR data in the tray (core/timefmt.py); here Babel's data is the judge.
    from babel.dates import get_month_names
    from babel.numbers import get_decimal_symbol, get_group_symbol

    from trayapp.core.timefmt import marks, month_names

    language.apply(lang)
    assert month_names() == tuple(get_month_names("abbreviated", locale=lang).values())
    assert marks() == (get_decimal_symbol(lang), get_group_symbol(lang))


def test_the_compiled_catalogue_is_what_the_app_loads(tmp_path: Path, speak: None):
    result = subprocess.run(
        [sys.executable, str(ROOT / "packaging" / "catalogues.py"), "compile"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert i18n._("major outage") == "major outage"
    language.apply("id")
    assert i18n._("major outage") == "gangguan besar"
    assert i18n.language() == "id"


def test_the_glossary_is_kept_beside_the_catalogues():
    glossary = (LOCALE / "GLOSSARY.md").read_text(encoding="utf-8")
    for word in ("gangguan besar", "luring", "beroperasi normal", "WIB"):
        assert word in glossary


def test_no_message_hides_inside_an_f_string():
    """Babel cannot see a _() call inside an f-string: such a message would never be translated."""
    import io
    import tokenize

    hidden = []
    for path in (ROOT / "trayapp").rglob("*.py"):
        tokens = tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline)
        for token in tokens:
            prefix = token.string[:2].lower().split("'")[0].split('"')[0]
            is_f_string = token.type == tokenize.STRING and "f" in prefix
            if is_f_string and ("_(" in token.string or "ngettext(" in token.string):
                hidden.append(f"{path.relative_to(ROOT)}:{token.start[0]}")
    assert hidden == []


def test_a_third_language_is_a_catalogue_file_not_code(tmp_path: Path):
    assert language.SUPPORTED == ("en", "id")
    (tmp_path / "fr" / "LC_MESSAGES").mkdir(parents=True)
    assert language.available(tmp_path) == ("en",)  # a folder alone is not a language
    (tmp_path / "fr" / "LC_MESSAGES" / "ai-status-tray.po").write_text("")
    assert language.available(tmp_path) == ("en", "fr")
