"""Writing ``config.toml`` from the settings window: validated first, atomic, with a backup.

Every change is made on the file as it is now (read afresh, so an edit made meanwhile in a text
editor is kept), checked by the same validator the tray uses, and only then written: a
temporary file in the same folder, flushed to disk and renamed over the old one. The file as it
was before the change is kept beside it as ``config.toml.bak``.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from trayapp.core.i18n import _
from trayapp.core.model import ProviderSpec
from trayapp.settings.config import MAX_CONFIG_BYTES, Config, ConfigError, parse
from trayapp.settings.config_edit import Document, dumps, parse_document

Edit = Callable[[Document], None]


def backup_path(path: Path) -> Path:
    """Where the file as it was before the last change is kept."""
    return path.with_name(path.name + ".bak")


def read_text(path: Path) -> str | None:
    """The file's text; None when there is none yet. Raises ConfigError when it is unusable."""
    try:
        if path.stat().st_size > MAX_CONFIG_BYTES:
            raise ConfigError(
                _("{path}: larger than {size} KB; is it the right file?").format(
                    path=path, size=MAX_CONFIG_BYTES // 1024
                )
            )
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(
            _("{path}: cannot be read ({error})").format(path=path, error=exc)
        ) from None


def update(path: Path, catalogue: dict[str, ProviderSpec], *edits: Edit) -> Config:
    """Apply ``edits`` to the file at ``path`` (the commented default when there is none).

    Returns the configuration that is now in the file. Raises :class:`ConfigError` with the
    validator's words when the result would not load; the file is then left as it was.
    """
    before = read_text(path)
    doc = parse_document(before)
    for edit in edits:
        edit(doc)
    text = dumps(doc)
    config = parse(text, catalogue, path)
    if text != before:
        write_atomically(path, text, keep_previous=before is not None)
    return config


def write_atomically(path: Path, text: str, keep_previous: bool = True) -> None:
    """Replace ``path`` with ``text`` so that a crash leaves either the old or the new file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if keep_previous and path.exists():
        shutil.copy2(path, backup_path(path))
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        with contextlib.suppress(OSError):  # keep the user's permissions on the file
            Path(temp).chmod(path.stat().st_mode & 0o777)
        Path(temp).replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            Path(temp).unlink()
        raise
