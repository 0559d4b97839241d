"""Build-time work on the translation catalogues (Babel): compile .po to .mo, keep English whole.

    python packaging/catalogues.py compile        # every trayapp/locale/*/LC_MESSAGES/*.po -> .mo
    python packaging/catalogues.py fill-english   # the English catalogue = the source text

Used by scripts/setup, scripts/i18n and the package build (setup.py).
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

LOCALE_DIR = Path(__file__).resolve().parents[1] / "trayapp" / "locale"


def catalogues(locale_dir: Path = LOCALE_DIR) -> list[Path]:
    return sorted(locale_dir.glob("*/LC_MESSAGES/*.po"))


def compile_all(locale_dir: Path = LOCALE_DIR) -> list[Path]:
    """Write a .mo beside every .po; returns the .mo files."""
    written = []
    for po in catalogues(locale_dir):
        with po.open("rb") as source:
            catalogue = read_po(source, locale=po.parents[1].name)
        mo = po.with_suffix(".mo")
        with mo.open("wb") as target:
            write_mo(target, catalogue, use_fuzzy=False)
        written.append(mo)
    return written


def fill_english(locale_dir: Path = LOCALE_DIR) -> None:
    """English is the source language: its catalogue repeats each message as written."""
    for po in locale_dir.glob("en/LC_MESSAGES/*.po"):
        with po.open("rb") as source:
            catalogue = read_po(source, locale="en")
        for message in catalogue:
            if not message.id:
                continue
            message.string = message.id
            message.flags.discard("fuzzy")
        with po.open("wb") as target:
            write_po(target, catalogue, sort_by_file=True, omit_header=False)


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "compile":
        compile_all()
    elif command == "fill-english":
        fill_english()
    else:
        raise SystemExit(__doc__)
