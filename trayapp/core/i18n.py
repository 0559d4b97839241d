"""The seam for translation: every user-facing string the app writes goes through ``_``.

The shell installs the user's catalogue once (:func:`install`, see ``settings/language.py``);
until then, and for any message a catalogue lacks, the English source text is used. Pure: no
files are read here. Machine output (JSON keys and state values) is never translated.
"""

from __future__ import annotations

import gettext

_current: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"


def install(translations: gettext.NullTranslations, language: str) -> None:
    """Use ``translations`` (for ``language``, e.g. "id") for every later call."""
    global _current, _language
    _current = translations
    _language = language


def language() -> str:
    """The language in use, as a Babel locale name ("en", "id")."""
    return _language


def _(message: str) -> str:
    """``message`` in the user's language."""
    return _current.gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural form for ``count``, in the user's language."""
    return _current.ngettext(singular, plural, count)


def N_(message: str) -> str:
    """Mark ``message`` for translation where it is defined; translate it with ``_`` where used."""
    return message
