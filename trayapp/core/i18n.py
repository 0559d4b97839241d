"""The seam for translation: every user-facing string the app writes goes through ``_``.

The shell installs the user's catalogue once (:func:`install`); until then, and for any message
a catalogue lacks, the English source text is used. Pure: no files are read here.
"""

from __future__ import annotations

import gettext

_current: gettext.NullTranslations = gettext.NullTranslations()


def install(translations: gettext.NullTranslations) -> None:
    """Use ``translations`` for every later call of ``_`` and ``ngettext``."""
    global _current
    _current = translations


def _(message: str) -> str:
    """``message`` in the user's language."""
    return _current.gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural form for ``count``, in the user's language."""
    return _current.ngettext(singular, plural, count)
