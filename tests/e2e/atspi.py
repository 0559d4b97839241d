"""Driving real windows through their accessibility tree (AT-SPI), as a screen reader does.

``Accessibility(desktop)`` starts the desktop's accessibility bus (``at-spi-bus-launcher`` from
at-spi2-core; the registry starts on it when first asked) and a driver process
(tests/e2e/atspi_driver.py) that reads and acts on it. Start it before the application: a GTK
4 app joins the registry when it starts. Then::

    with Accessibility(desktop) as a11y:
        ...start the app...
        window = a11y.wait_for("ai-status-tray", lambda tree: tree.find(role="frame"))
        a11y.click("ai-status-tray", "Refresh now")
        assert "major outage" in a11y.tree("ai-status-tray").all_text()

Nothing here is specific to one window: the settings window's tests use the same helpers.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TypeVar

from tests.e2e.processes import name_has_owner

HERE = Path(__file__).parent
BUS_LAUNCHER = "/usr/libexec/at-spi-bus-launcher"
T = TypeVar("T")


class Desktop(Protocol):
    procs: list[subprocess.Popen[Any]]

    def full_env(self) -> dict[str, str]: ...


@dataclass
class Node:
    """One accessible object: what a screen reader knows of a widget."""

    role: str
    name: str
    description: str = ""
    states: frozenset[str] = frozenset()
    text: str | None = None
    extents: tuple[int, int, int, int] | None = None  # x, y, width, height in its window
    actions: tuple[str, ...] = ()
    children: list[Node] = field(default_factory=list)
    pid: int | None = None  # the process, on an application's node

    @classmethod
    def parse(cls, data: dict[str, Any]) -> Node:
        extents = data.get("extents")
        return cls(
            role=data["role"],
            name=data["name"],
            description=data.get("description", ""),
            states=frozenset(data.get("states", ())),
            text=data.get("text"),
            extents=(extents[0], extents[1], extents[2], extents[3]) if extents else None,
            actions=tuple(data.get("actions", ())),
            children=[cls.parse(c) for c in data.get("children", ())],
            pid=data.get("pid"),
        )

    def walk(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            yield from child.walk()

    def find_all(self, role: str | None = None, name: str | None = None) -> list[Node]:
        return [
            n
            for n in self.walk()
            if (role is None or n.role == role) and (name is None or n.name == name)
        ]

    def find(self, role: str | None = None, name: str | None = None) -> Node | None:
        found = self.find_all(role, name)
        return found[0] if found else None

    def all_text(self) -> str:
        """Every name, description and text in the tree, one per line: what could be read."""
        seen: list[str] = []
        for n in self.walk():
            for value in (n.name, n.description, n.text):
                if value and value not in seen[-3:]:
                    seen.append(value)
        return "\n".join(seen)

    @property
    def showing(self) -> bool:
        return "showing" in self.states


class Accessibility:
    def __init__(self, desktop: Desktop) -> None:
        self.desktop = desktop
        self._driver: subprocess.Popen[str] | None = None

    def __enter__(self) -> Accessibility:
        if not Path(BUS_LAUNCHER).exists() or shutil.which("dbus-daemon") is None:
            raise RuntimeError(
                "at-spi2-core is missing (at-spi-bus-launcher): run scripts/test, which installs it"
            )
        env = self.desktop.full_env()
        launcher = subprocess.Popen(
            [BUS_LAUNCHER, "--launch-immediately"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.desktop.procs.append(launcher)
        _wait(
            lambda: name_has_owner("org.a11y.Bus", env), 20, "the accessibility bus did not start"
        )
        self._driver = subprocess.Popen(
            [sys.executable, str(HERE / "atspi_driver.py")],
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        self.desktop.procs.append(self._driver)
        ready = self._read()
        if ready != {"ok": "ready"}:
            raise RuntimeError(f"the AT-SPI driver did not start: {ready}")
        return self

    def __exit__(self, *exc: object) -> None:
        if self._driver is not None and self._driver.poll() is None:
            assert self._driver.stdin is not None
            self._driver.stdin.close()
            self._driver.terminate()
            self._driver.wait(timeout=10)

    # -- requests --------------------------------------------------------------------------
    def _read(self) -> dict[str, Any]:
        assert self._driver is not None and self._driver.stdout is not None
        line = self._driver.stdout.readline()
        if not line:
            raise RuntimeError("the AT-SPI driver ended")
        answer: dict[str, Any] = json.loads(line)
        return answer

    def request(self, **request: Any) -> Any:
        assert self._driver is not None and self._driver.stdin is not None
        self._driver.stdin.write(json.dumps(request) + "\n")
        self._driver.stdin.flush()
        answer = self._read()
        if "error" in answer:
            raise LookupError(answer["error"])
        return answer["ok"]

    def apps(self) -> list[str]:
        return list(self.request(op="apps"))

    def tree(self, app: str) -> Node:
        return Node.parse(self.request(op="tree", app=app))

    def act(
        self, app: str, name: str, role: str = "push button", action: str = "click", nth: int = 0
    ) -> bool:
        return bool(self.request(op="act", app=app, name=name, role=role, action=action, nth=nth))

    def click(self, app: str, name: str, role: str = "push button", nth: int = 0) -> bool:
        """Activate the control called ``name``, as a screen reader's "click" does."""
        return self.act(app, name, role, "click", nth)

    def focus(self, app: str, name: str, role: str | None = None, nth: int = 0) -> bool:
        return bool(self.request(op="focus", app=app, name=name, role=role, nth=nth))

    def set_text(self, app: str, name: str, text: str, role: str = "text") -> bool:
        return bool(self.request(op="set_text", app=app, name=name, role=role, text=text))

    def wait_for(self, app: str, check: Callable[[Node], T | None], timeout: float = 30.0) -> T:
        """Read ``app``'s tree until ``check`` returns something; fail with the last tree."""
        deadline = time.monotonic() + timeout
        last: Node | None = None
        failed: LookupError | None = None
        while True:
            try:
                last = self.tree(app)
                failed = None
                found = check(last)
                if found:
                    return found
            except LookupError as exc:
                failed = exc  # not on the bus yet, or the read failed
            if time.monotonic() > deadline:
                seen = last.all_text() if last is not None else f"(no {app!r}; apps: {self.apps()})"
                why = f"\nthe last read failed: {failed}" if failed else ""
                raise AssertionError(f"timed out waiting on {app!r}; it showed:\n{seen}{why}")
            time.sleep(0.3)


def _wait(check: Callable[[], bool], timeout: float, message: str) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise RuntimeError(message)
        time.sleep(0.1)


def a11y_env() -> dict[str, str]:
    """What a GTK 4 app needs to expose its tree (GTK_A11Y picks the AT-SPI backend)."""
    return {"GTK_A11Y": "atspi", "NO_AT_BRIDGE": "0"} if os.name == "posix" else {}
