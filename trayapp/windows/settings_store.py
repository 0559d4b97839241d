"""What the settings window changes, and where each change goes.

``config.toml`` (validated, atomic, with a backup: :mod:`trayapp.settings.config_write`), the
saved choices (``prefs.json``: the pause), start at login, and API keys in the OS keyring. The
running tray follows the two files within a second or two. No toolkit here: the window calls
these and shows what they answer.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime
from functools import partial
from pathlib import Path

from trayapp.core.i18n import _
from trayapp.core.loudness import DEFAULT_LOUDNESS
from trayapp.core.model import ProviderSpec
from trayapp.core.notify_policy import pause_end
from trayapp.desktop import autostart
from trayapp.settings import config_edit, paths, prefs
from trayapp.settings.catalogue import DEFAULT_ENABLED, load_catalogue
from trayapp.settings.choices import ProviderChoice, provider_choices
from trayapp.settings.config import Config, ConfigError, load
from trayapp.settings.config_remove import remove_provider
from trayapp.settings.config_write import Edit, rewrite, update
from trayapp.settings.zone import local_zone

log = logging.getLogger(__name__)


class SettingsStore:
    """The settings file and the other stores, for one window."""

    def __init__(self, config_file: Path, data_dir: Path | None = None) -> None:
        self.path = config_file
        self.catalogue = load_catalogue()
        self.prefs_file = (data_dir or paths.data_dir()) / "prefs.json"
        self.problem: str | None = None  # why the file as it is cannot be used, if it cannot
        self.config = self._read()

    def _read(self) -> Config:
        try:
            self.problem = None
            return load(self.path, self.catalogue)
        except ConfigError as exc:
            self.problem = str(exc)
            return Config(providers=())

    def reload(self) -> Config:
        self.config = self._read()
        return self.config

    def choices(self) -> list[ProviderChoice]:
        return provider_choices(self.catalogue, self.config)

    def exists(self) -> bool:
        return self.path.exists()

    # -- config.toml -----------------------------------------------------------------------
    def apply(self, *edits: Edit) -> Config:
        """Write ``edits``; raises ConfigError (the validator's words) and writes nothing."""
        self.config = update(self.path, self.catalogue, *edits)
        self.problem = None
        return self.config

    def set_watched(self, provider_id: str, watched: bool) -> Config:
        return self.apply(
            partial(
                config_edit.set_watched,
                catalogue=self.catalogue,
                provider_id=provider_id,
                watched=watched,
            )
        )

    def set_components(self, provider_id: str, components: list[str]) -> Config:
        return self.apply(
            partial(config_edit.set_components, provider_id=provider_id, components=components)
        )

    def set_loudness(self, provider_id: str, level: str) -> Config:
        return self.apply(partial(config_edit.set_loudness, provider_id=provider_id, level=level))

    def set_language(self, code: str | None) -> Config:
        return self.apply(partial(config_edit.set_top, key="language", value=code))

    def set_poll_interval(self, seconds: float) -> Config:
        value: float | int = int(seconds) if float(seconds).is_integer() else seconds
        return self.apply(partial(config_edit.set_top, key="poll_interval", value=value))

    def add_provider(self, spec: ProviderSpec, components: list[str]) -> Config:
        return self.apply(partial(config_edit.add_provider, spec=spec, components=components))

    def remove_provider(self, provider_id: str) -> Config:
        """Delete a provider the user added: its ``[[providers]]`` block (comments around the
        rest of the file kept) and its notification choices. A catalogue provider is switched
        off instead: raises ConfigError."""
        if provider_id in self.catalogue:
            raise ConfigError(
                _("{id} comes with the app: switch it off instead.").format(id=provider_id)
            )
        quiet = partial(config_edit.set_loudness, provider_id=provider_id, level=DEFAULT_LOUDNESS)

        def removed(text: str | None) -> str:
            doc = config_edit.parse_document(remove_provider(text or "", provider_id))
            if "notifications" in doc:
                quiet(doc)
            return config_edit.dumps(doc)

        self.config = rewrite(self.path, self.catalogue, removed)
        self.problem = None
        return self.config

    def keep_first_run_picks(self) -> Config:
        """The first run's file: the commented default, which watches the popular picks."""
        ids = [pid for pid in DEFAULT_ENABLED if pid in self.catalogue]
        return self.apply(
            partial(config_edit.set_enabled_list, ids=ids),
        )

    # -- prefs.json, start at login ----------------------------------------------------------
    def paused_until(self) -> datetime | None:
        until = prefs.load(self.prefs_file).paused_until
        return until if until is not None and until > self.now() else None

    def pause(self, choice: str | None) -> datetime | None:
        """Pause notifications ("1h", "tomorrow") or resume (None); returns the end."""
        until = pause_end(choice, self.now()) if choice else None
        current = prefs.load(self.prefs_file)
        prefs.save(self.prefs_file, replace(current, paused_until=until))
        return until

    @staticmethod
    def now() -> datetime:
        return datetime.now(local_zone())

    @staticmethod
    def autostart() -> bool:
        try:
            return autostart.is_enabled()
        except Exception:
            log.warning("could not read the start-at-login setting", exc_info=True)
            return False

    def set_autostart(self, enabled: bool) -> bool:
        autostart.set_enabled(enabled, self.path)  # the file this window edits, after login too
        return autostart.is_enabled()
