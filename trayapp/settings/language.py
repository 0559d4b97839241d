"""Which language the app speaks, and loading its translation catalogue.

The config's ``language`` wins; otherwise LANGUAGE, LC_ALL, LC_MESSAGES and LANG are read in
that order from the environment (so it works where the locale itself is not generated), and on
Windows and macOS the system's preferred language. English is the fallback.
"""

from __future__ import annotations

import gettext
import logging
import subprocess
import sys
from collections.abc import Mapping
from importlib import resources
from importlib.resources.abc import Traversable

from trayapp.core import i18n

DOMAIN = "ai-status-tray"
DEFAULT = "en"
ENV_VARS = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
# Old or alternative codes people's systems still use.
ALIASES = {"in": "id", "ind": "id", "indonesian": "id", "english": "en", "c": "en", "posix": "en"}


def available(locale_dir: Traversable | None = None) -> tuple[str, ...]:
    """The languages with a catalogue: adding one is adding its .po (or .mo), no code."""
    root = locale_dir or resources.files("trayapp").joinpath("locale")
    found = {DEFAULT}
    try:
        for entry in root.iterdir():
            messages = entry.joinpath("LC_MESSAGES")
            if any(messages.joinpath(f"{DOMAIN}{ext}").is_file() for ext in (".po", ".mo")):
                found.add(entry.name)
    except OSError:
        pass
    return tuple(sorted(found))


SUPPORTED = available()


def normalise(value: str) -> str | None:
    """``id_ID.UTF-8`` → ``id``; ``en_GB@euro`` → ``en``; None when not a language we have."""
    code = value.strip().split(".", 1)[0].split("@", 1)[0].replace("-", "_").split("_", 1)[0]
    code = ALIASES.get(code.lower(), code.lower())
    return code if code in SUPPORTED else None


def from_environment(environ: Mapping[str, str]) -> str | None:
    """The first supported language named by the gettext variables, in gettext's order."""
    for var in ENV_VARS:
        for entry in environ.get(var, "").split(":"):
            if entry.strip() and (code := normalise(entry)) is not None:
                return code
    return None


def from_system() -> str | None:
    """The preferred language of Windows or macOS (Linux uses the environment)."""
    try:
        if sys.platform == "win32":
            import ctypes
            import locale

            lcid = ctypes.windll.kernel32.GetUserDefaultUILanguage()  # type: ignore[attr-defined,unused-ignore]
            return normalise(locale.windows_locale.get(lcid, ""))
        if sys.platform == "darwin":
            out = subprocess.run(
                ["defaults", "read", "-g", "AppleLanguages"],
                capture_output=True,
                text=True,
                timeout=2,
            ).stdout
            for line in out.splitlines():
                if (code := normalise(line.strip(' ",()'))) is not None:
                    return code
    except (OSError, subprocess.SubprocessError, AttributeError, ValueError):
        return None
    return None


def choose(configured: str | None, environ: Mapping[str, str]) -> str:
    """The language to use: the config's, else the environment's, else the system's, else en."""
    return configured or from_environment(environ) or from_system() or DEFAULT


def translations(language: str) -> gettext.NullTranslations:
    """The compiled catalogue for ``language``; the English source text when there is none."""
    localedir = resources.files("trayapp").joinpath("locale")
    return gettext.translation(DOMAIN, str(localedir), languages=[language], fallback=True)


def apply(language: str) -> None:
    """Speak ``language`` from now on."""
    if language != i18n.language():  # the log says which, for whoever reads it
        logging.getLogger(__name__).info("language: %s", language)
    i18n.install(translations(language), language)
