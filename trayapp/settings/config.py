"""The user's configuration: TOML, validated completely before anything starts."""

from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from trayapp.core.datasaver import DEFAULT_INTERVAL as DEFAULT_SAVER_INTERVAL
from trayapp.core.i18n import _
from trayapp.core.loudness import LOUDNESS_KEYS, SILENT
from trayapp.core.model import ProviderSpec
from trayapp.settings.catalogue import DEFAULT_ENABLED, PROVIDER_FIELDS, spec_from_table, spec_table
from trayapp.settings.config_default import DEFAULT_CONFIG as DEFAULT_CONFIG  # re-exported
from trayapp.settings.config_keys import find_line, key_text, toml_error
from trayapp.settings.config_urls import url_problem_in
from trayapp.settings.interval import MAX_POLL_INTERVAL, MIN_POLL_INTERVAL, poll_floor
from trayapp.settings.language import SUPPORTED as SUPPORTED_LANGUAGES
from trayapp.sources import AUTO_TYPE, SOURCE_TYPES

DEFAULT_POLL_INTERVAL = 60.0
MAX_CONFIG_BYTES = 256 * 1024  # a hand-written file is a few KB
DEFAULT_CHEAP_POLL_INTERVAL = 30.0

TOP_KEYS = {
    "poll_interval",
    "cheap_poll_interval",
    "data_saver",
    "data_saver_interval",
    "language",
    "catalogue",
    "providers",
    "notifications",
}
CATALOGUE_KEYS = {"enabled"}
NOTIFICATION_KEYS = {"enabled", "muted", "loudness"}
# own_components is worked out from the file (were components named?), never written in it;
# ``enabled = false`` keeps a provider's table (its URL, its choices) without watching it.
PROVIDER_KEYS = (set(PROVIDER_FIELDS) - {"own_components"}) | {"enabled"}
# Every key the file may hold, by table ("" is the top level); the docs are checked against it.
KEYS: dict[str, set[str]] = {
    "": TOP_KEYS,
    "catalogue": CATALOGUE_KEYS,
    "notifications": NOTIFICATION_KEYS,
    "providers": PROVIDER_KEYS,
}


class ConfigError(ValueError):
    """A configuration problem, worded for the user: file, line or key, what is expected."""


@dataclass(frozen=True)
class Config:
    providers: tuple[ProviderSpec, ...]
    poll_interval: float = DEFAULT_POLL_INTERVAL
    notifications: bool = True
    muted: tuple[str, ...] = ()
    path: Path | None = None
    language: str | None = None  # None: from the environment (settings/language.py)
    cheap_poll_interval: float = DEFAULT_CHEAP_POLL_INTERVAL
    data_saver: bool | None = None  # None: "auto", on while the connection is metered
    data_saver_interval: float = DEFAULT_SAVER_INTERVAL
    loudness: dict[str, str] = field(default_factory=dict)  # provider id -> core/loudness.py key

    @property
    def silenced(self) -> frozenset[str]:
        """Providers the settings file keeps quiet: muted there, or with loudness "silent".
        The menu, the details window and the tray's "all muted" badge read this one set."""
        return frozenset(self.muted) | {pid for pid, key in self.loudness.items() if key == SILENT}


def write_default_config(path: Path) -> None:
    """Write the commented default configuration to ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(DEFAULT_CONFIG, encoding="utf-8")


def load(path: Path, catalogue: dict[str, ProviderSpec], explicit: bool = False) -> Config:
    """Read and validate ``path``; a missing file means the defaults unless it was ``explicit``
    (named with ``--config``): a typo in a path must not silently watch the defaults."""
    if not path.exists():
        if explicit:
            raise ConfigError(_("{path}: no such file (given with --config)").format(path=path))
        return parse("", catalogue, path)
    try:
        if path.stat().st_size > MAX_CONFIG_BYTES:  # bounded before it is read or parsed
            raise ConfigError(
                _("{path}: larger than {size} KB; is it the right file?").format(
                    path=path, size=MAX_CONFIG_BYTES // 1024
                )
            )
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(
            _("{path}: cannot be read ({error})").format(path=path, error=exc)
        ) from None
    return parse(text, catalogue, path)


def parse(text: str, catalogue: dict[str, ProviderSpec], path: Path | None = None) -> Config:
    name = str(path) if path else "config"
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(toml_error(name, str(exc))) from None
    return _Validator(text, name, catalogue).config(data, path)


class _Validator:
    def __init__(self, text: str, name: str, catalogue: dict[str, ProviderSpec]) -> None:
        self.lines = text.splitlines()
        self.name = name
        self.catalogue = catalogue

    def fail(self, key: Sequence[str | int], problem: str) -> ConfigError:
        line = find_line(self.lines, key)
        where = _("line {number}: ").format(number=line) if line else ""
        return ConfigError(f"{self.name}: {where}{key_text(key)}: {problem}")

    def unknown_keys(
        self, table: dict[str, Any], allowed: set[str], prefix: Sequence[str | int]
    ) -> None:
        for key in table:
            if key not in allowed:
                hint = _suggest(key, allowed)
                raise self.fail(
                    [*prefix, key],
                    _("unknown key{hint}; expected one of {keys}").format(
                        hint=hint, keys=", ".join(sorted(allowed))
                    ),
                )

    def config(self, data: dict[str, Any], path: Path | None) -> Config:
        self.unknown_keys(data, TOP_KEYS, [])
        catalogue_table = self.table(data, "catalogue")
        self.unknown_keys(catalogue_table, CATALOGUE_KEYS, ["catalogue"])
        enabled = self.strings(catalogue_table, ["catalogue", "enabled"], list(DEFAULT_ENABLED))
        for index, provider_id in enumerate(enabled):
            if provider_id not in self.catalogue:
                hint = _suggest(provider_id, set(self.catalogue))
                raise self.fail(
                    ["catalogue", "enabled", index],
                    _("no provider {id!r} in the catalogue{hint}").format(
                        id=provider_id, hint=hint
                    ),
                )

        specs: dict[str, ProviderSpec] = {pid: self.catalogue[pid] for pid in enabled}
        rows = data.get("providers", [])
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            raise self.fail(["providers"], _("expected [[providers]] tables"))
        seen: dict[str, int] = {}
        for index, row in enumerate(rows):
            spec = self.provider(row, index)
            if spec.id in seen:
                raise self.fail(
                    ["providers", index, "id"],
                    _(
                        "{id!r} is already described by [[providers]] number {number};"
                        " merge the two"
                    ).format(id=spec.id, number=seen[spec.id] + 1),
                )
            seen[spec.id] = index
            specs[spec.id] = spec  # an override keeps its place; a new provider goes last
            if row.get("enabled", True) is False:
                del specs[spec.id]  # kept in the file, not watched
        if not specs:
            raise self.fail(
                ["catalogue", "enabled"],
                _("no provider is watched; enable one or add [[providers]]"),
            )

        notifications = self.table(data, "notifications")
        self.unknown_keys(notifications, NOTIFICATION_KEYS, ["notifications"])
        enabled_notes = notifications.get("enabled", True)
        if not isinstance(enabled_notes, bool):
            raise self.fail(["notifications", "enabled"], _("expected true or false"))
        muted = self.strings(notifications, ["notifications", "muted"], [])
        known = set(seen) | set(self.catalogue)
        for index, provider_id in enumerate(muted):
            self.known_id(provider_id, known, ["notifications", "muted", index])
        loudness = self.table(notifications, "loudness", "notifications")
        for provider_id, level in loudness.items():
            key: list[str | int] = ["notifications", "loudness", provider_id]
            self.known_id(provider_id, known, key)
            if level not in LOUDNESS_KEYS:
                choices = ", ".join(f'"{k}"' for k in LOUDNESS_KEYS)
                raise self.fail(key, _("expected one of {choices}").format(choices=choices))

        interval = self.poll_interval(data, specs.values())
        cheap_interval = self.poll_interval(
            data, specs.values(), "cheap_poll_interval", min(DEFAULT_CHEAP_POLL_INTERVAL, interval)
        )
        saver = data.get("data_saver", "auto")
        if saver not in (True, False, "auto"):
            raise self.fail(["data_saver"], _('expected true, false or "auto"'))
        saver_interval = self.poll_interval(data, specs.values(), "data_saver_interval", 300.0)
        language = data.get("language")
        if language is not None and language not in SUPPORTED_LANGUAGES:
            raise self.fail(
                ["language"],
                _("unsupported language {language!r}; expected one of {choices}").format(
                    language=language,
                    choices=", ".join(f'"{code}"' for code in SUPPORTED_LANGUAGES),
                ),
            )
        return Config(
            providers=tuple(specs.values()),
            poll_interval=interval,
            notifications=enabled_notes,
            muted=tuple(muted),
            path=path,
            language=language,
            cheap_poll_interval=min(cheap_interval, interval),
            data_saver=None if saver == "auto" else saver,
            data_saver_interval=max(saver_interval, interval),
            loudness=dict(loudness),
        )

    def known_id(self, provider_id: str, known: set[str], key: list[str | int]) -> None:
        if provider_id not in known:
            hint = _suggest(provider_id, known)
            raise self.fail(key, _("no provider {id!r}{hint}").format(id=provider_id, hint=hint))

    def table(self, data: dict[str, Any], key: str, within: str = "") -> dict[str, Any]:
        value = data.get(key, {})
        if not isinstance(value, dict):
            name = f"{within}.{key}" if within else key
            raise self.fail(name.split("."), _("expected a table ([{key}])").format(key=name))
        return value

    def strings(self, table: dict[str, Any], key: list[str | int], default: list[str]) -> list[str]:
        value = table.get(str(key[-1]), default)
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise self.fail(key, _('expected a list of non-empty strings, e.g. ["a", "b"]'))
        return value

    def poll_interval(
        self,
        data: dict[str, Any],
        specs: Any,
        key: str = "poll_interval",
        default: float = DEFAULT_POLL_INTERVAL,
    ) -> float:
        value = data.get(key, default)
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            raise self.fail([key], _("expected a number of seconds, e.g. 60"))
        floor = poll_floor(specs)
        if value < floor:
            detail = (
                _(" (shorter ones only when every status page is on this computer)")
                if floor == MIN_POLL_INTERVAL
                else ""
            )
            raise self.fail(
                [key],
                _("must be at least {seconds} seconds{detail}").format(
                    seconds=f"{floor:g}", detail=detail
                ),
            )
        if value > MAX_POLL_INTERVAL:
            raise self.fail([key], _("must be at most one day (86400 seconds)"))
        return float(value)

    def provider(self, row: dict[str, Any], index: int) -> ProviderSpec:
        prefix: list[str | int] = ["providers", index]
        self.unknown_keys(row, PROVIDER_KEYS, prefix)
        if not isinstance(row.get("enabled", True), bool):
            raise self.fail([*prefix, "enabled"], _("expected true or false"))
        row = {k: v for k, v in row.items() if k != "enabled"}
        provider_id = row.get("id")
        if not isinstance(provider_id, str) or not re.fullmatch(
            r"[a-z0-9][a-z0-9_-]{0,40}", provider_id
        ):
            raise self.fail(
                [*prefix, "id"], _("expected an id of lowercase letters, digits, - or _")
            )
        base = self.catalogue.get(provider_id)
        merged: dict[str, Any] = spec_table(base) if base is not None else {}
        if base is not None and row.get("type", base.type) != base.type:
            # The catalogue's components and keywords belong to the catalogue's format.
            if base.components and "components" not in row:
                raise self.fail(
                    [*prefix, "type"],
                    _(
                        "changes the type of {id!r} from {type!r}: give its own components too"
                        " (components = [...], or [] for the whole page)"
                    ).format(id=provider_id, type=base.type),
                )
            # The product id stays: other formats ignore it, and finding the page again after
            # a move uses it (a Checkly slug, a Google product).
            for key in ("components", "match", "fallback_urls"):
                merged.pop(key, None)
        if base is not None and str(row.get("url", base.url)).rstrip("/") != base.url:
            # Other origins of the catalogue's page are not origins of the user's page.
            merged.pop("fallback_urls", None)
        merged.update(row)
        # Without a type the app finds the platform itself (polling/detect.py).
        merged.setdefault("type", AUTO_TYPE)
        for key in ("name", "type", "url"):
            if not isinstance(merged.get(key), str) or not merged[key].strip():
                raise self.fail(
                    [*prefix, key],
                    _(
                        'required for a provider that is not in the catalogue ({key} = "...")'
                    ).format(key=key),
                )
        if merged["type"] not in (*SOURCE_TYPES, AUTO_TYPE):
            hint = _suggest(merged["type"], set(SOURCE_TYPES))
            choices = " | ".join(SOURCE_TYPES)
            raise self.fail(
                [*prefix, "type"],
                _("unknown type {type!r}{hint}; expected one of {choices}").format(
                    type=merged["type"], hint=hint, choices=choices
                ),
            )
        for key in ("components", "match", "fallback_urls"):
            merged[key] = self.strings(merged, [*prefix, key], [])
        problem_at = url_problem_in(merged, prefix)
        if problem_at:
            raise self.fail(*problem_at)
        merged["probe"] = merged.get("probe") or None  # false or "": no probe
        if merged["type"] == "gcloud" and not (
            isinstance(merged.get("product"), str) and merged["product"]
        ):
            raise self.fail(
                [*prefix, "product"],
                _('a gcloud provider needs the product id (product = "...")'),
            )
        if merged["type"] in ("gcloud", "feed") and row.get("components"):
            raise self.fail(
                [*prefix, "components"],
                _("a {type} source has no components to choose from").format(type=merged["type"]),
            )
        return replace(spec_from_table(provider_id, merged), own_components="components" in row)


def _suggest(word: str, choices: set[str]) -> str:
    import difflib  # only when there is a typo to explain

    close = difflib.get_close_matches(word, sorted(choices), n=1)
    return _(" (did you mean {choice!r}?)").format(choice=close[0]) if close else ""


def load_config(path: Path | None = None) -> Config:
    """The user's configuration (the default file when ``path`` is None), fully validated."""
    from trayapp.settings.catalogue import load_catalogue
    from trayapp.settings.paths import config_file

    return load(path or config_file(), load_catalogue())
