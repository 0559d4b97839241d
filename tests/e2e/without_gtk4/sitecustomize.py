"""On PYTHONPATH, makes GTK 4 and libadwaita look not installed while GTK 3 still is: what a
pipx install without system packages, or a binary that bundles GTK 3 only, meets. For tests."""

import gi

_require_version = gi.require_version


def require_version(namespace: str, version: str) -> None:
    if (namespace, version) in (("Gtk", "4.0"), ("Adw", "1")):
        raise ValueError(f"Namespace {namespace} not available for version {version}")
    _require_version(namespace, version)


gi.require_version = require_version
