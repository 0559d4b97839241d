"""A real terminal for tests: the command runs on a pseudo-terminal as its controlling tty, in
the foreground, so a Ctrl+C typed there reaches it as SIGINT from the terminal driver, as it
does for a user. Everything it writes (stdout and stderr, as a terminal shows them) is kept."""

from __future__ import annotations

import contextlib
import os
import pty
import select
import signal
import time
from collections.abc import Mapping, Sequence


class Terminal:
    def __init__(self, args: Sequence[str], env: Mapping[str, str], cwd: str | None = None):
        pid, fd = pty.fork()
        if pid == 0:  # the child: exec at once (the test process has threads)
            try:
                if cwd:
                    os.chdir(cwd)
                os.execve(args[0], list(args), dict(env))
            finally:
                os._exit(127)
        self.pid = pid
        self._fd: int | None = fd
        self._output = b""
        self.code: int | None = None

    @property
    def output(self) -> str:
        self._read(0)
        return self._output.decode(errors="replace").replace("\r\n", "\n")

    def _read(self, timeout: float) -> None:
        if self._fd is None:
            return
        ready, _, _ = select.select([self._fd], [], [], timeout)
        if ready:
            with contextlib.suppress(OSError):  # EIO: the child has gone
                self._output += os.read(self._fd, 65536)

    def wait_for_text(self, text: str, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while text not in self.output:
            if time.monotonic() > deadline or self._exited():
                return text in self.output
            self._read(0.2)
        return True

    def ctrl_c(self) -> None:
        """Type Ctrl+C, as a user does (the terminal driver sends SIGINT)."""
        assert self._fd is not None
        os.write(self._fd, b"\x03")

    def signal(self, signum: signal.Signals) -> None:
        os.kill(self.pid, signum)

    def _exited(self) -> bool:
        if self.code is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.code = os.waitstatus_to_exitcode(status)
        return self.code is not None

    def wait(self, timeout: float) -> int | None:
        """The exit code (negative: killed by that signal), or None if still running."""
        deadline = time.monotonic() + timeout
        while not self._exited() and time.monotonic() < deadline:
            self._read(0.2)
        self._read(0.2)
        return self.code

    def close(self) -> None:
        if not self._exited():
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        if self._fd is not None:
            self._read(0.2)
            with contextlib.suppress(OSError):
                os.close(self._fd)
            self._fd = None
