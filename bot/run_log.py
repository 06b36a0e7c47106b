"""Kit's log file for third-party output, and its console progress.

The console shows Kit's own steps; what the libraries print (Rasa, TensorFlow,
sklearn, pip: hundreds of warnings on a first run) goes to one log file,
KIT_LOG_FILE (default var/log/kit.log, the file scripts/log.sh uses too), which
the console names. A failed step prints the end of that log and its path.
Nothing here writes chat text: the parts log at warning level and never log
messages (tests/e2e/test_privacy_and_faults.py sends a canary through).
"""
from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import IO, List

from bot import paths

TAIL_LINES = 15


class StepFailed(RuntimeError):
    """A step whose output is in the log failed; str() says what and where."""


def log_file() -> Path:
    return Path(os.environ.get("KIT_LOG_FILE") or paths.ROOT / "var" / "log" / "kit.log")


def shown_path() -> str:
    """The log's path as the technician would type it (relative inside Kit)."""
    path = log_file()
    try:
        return str(path.resolve().relative_to(paths.ROOT))
    except ValueError:
        return str(path)


def open_log(step: str) -> IO[bytes]:
    """The log, opened for appending, with a line saying which step follows."""
    path = log_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    log = open(path, "ab")
    log.write(f"--- {time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())} {step}\n".encode())
    log.flush()
    return log


def failure_message(headline: str) -> str:
    """What failed, the log's last lines, and where the full log is."""
    tail = "\n".join(f"  | {line}" for line in last_lines(log_file(), TAIL_LINES))
    return f"{headline}. The end of the log:\n{tail}\nkit: full log: {shown_path()}"


def last_lines(path: Path, count: int) -> List[str]:
    try:
        with open(path, "rb") as log:
            log.seek(max(0, log.seek(0, os.SEEK_END) - 64 * 1024))
            return log.read().decode(errors="replace").splitlines()[-count:]
    except OSError:
        return []


def run_logged(command: List[str], what: str, **popen_args) -> None:
    """Runs a command with its output in the log; StepFailed if it fails."""
    with open_log(what) as log:
        done = subprocess.run(command, stdout=log, stderr=subprocess.STDOUT, **popen_args)
    if done.returncode:
        raise StepFailed(failure_message(f"{what} failed (exit {done.returncode})"))


def clock(seconds: float) -> str:
    return f"{int(seconds) // 60}:{int(seconds) % 60:02d}"


class Progress:
    """Elapsed time against an estimate while a long step runs: one line
    redrawn on a terminal, a line a minute otherwise (CI logs, `make test | tee`)."""

    BAR = 24

    def __init__(self, what: str, estimate_seconds: float, out=None, every: float = 0) -> None:
        self.what, self.estimate = what, max(0.1, estimate_seconds)
        self.out = out or sys.stdout
        self.terminal = self.out.isatty()
        self.every = every or (1 if self.terminal else 60)
        self.started = time.monotonic()
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._report, daemon=True)

    def __enter__(self) -> "Progress":
        self._thread.start()
        return self

    def __exit__(self, *_exc) -> None:
        self._done.set()
        self._thread.join()
        if self.terminal:
            self.out.write("\n")
            self.out.flush()

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def line(self) -> str:
        elapsed = self.elapsed
        filled = min(self.BAR, int(self.BAR * elapsed / self.estimate))
        bar = "#" * filled + "-" * (self.BAR - filled)
        if elapsed <= self.estimate:
            left = f"about {clock(self.estimate - elapsed)} left"
        else:
            left = f"longer than the usual {clock(self.estimate)}, still going"
        return f"kit: {self.what} [{bar}] {clock(elapsed)}, {left}"

    def _report(self) -> None:
        while not self._done.wait(self.every):
            self.out.write(("\r" + self.line()) if self.terminal else self.line() + "\n")
            self.out.flush()
