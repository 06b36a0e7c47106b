"""Resident memory and CPU time of named process trees, sampled from /proc.

Each part (web app, Rasa, action server, ...) is a root pid plus all of its
descendants (Sanic workers, multiprocessing helpers). The sampler keeps the
peak RSS of each part and the peak of their sum taken at the same instant.
"""
from __future__ import annotations

import os
import threading
import time
from pathlib import Path
from typing import Dict, List

PAGE = os.sysconf("SC_PAGE_SIZE")
TICKS = os.sysconf("SC_CLK_TCK")
MB = 1024 * 1024


def _stat_fields(pid: int) -> List[str]:
    raw = Path(f"/proc/{pid}/stat").read_text()
    return raw[raw.rindex(")") + 2:].split()  # fields from 3 (state) on


def _parents() -> Dict[int, int]:
    parents = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int(_stat_fields(int(entry.name))[1])
            except (OSError, ValueError, IndexError):
                pass
    return parents


def tree(root: int, parents: Dict[int, int], exclude=frozenset()) -> List[int]:
    """root and its descendants, not descending into `exclude` (other parts)."""
    pids, frontier = [root], [root]
    while frontier:
        children = [pid for pid, parent in parents.items() if parent in frontier and pid not in exclude]
        pids += children
        frontier = children
    return pids


def _usage(pid: int) -> tuple:
    """(RSS bytes, CPU seconds, seconds spent runnable but waiting for a CPU)."""
    try:
        rss = int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE
        fields = _stat_fields(pid)
        cpu = (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime
    except (OSError, ValueError, IndexError):
        return 0, 0.0, 0.0
    try:  # per thread, so sum the threads
        wait = sum(int((task / "schedstat").read_text().split()[1])
                   for task in Path(f"/proc/{pid}/task").iterdir()) / 1e9
    except (OSError, ValueError, IndexError):
        wait = 0.0
    return rss, cpu, wait


def part_children(launcher_pid: int, fragments: Dict[str, str]) -> Dict[str, List[int]]:
    """The launcher's direct children, named by a fragment of their command
    line (several processes may share a name: Rasa's workers)."""
    found: Dict[str, List[int]] = {}
    for pid, parent in _parents().items():
        if parent != launcher_pid:
            continue
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        for name, fragment in fragments.items():
            if fragment in cmdline:
                found.setdefault(name, []).append(pid)
    return found


class Sampler:
    def __init__(self, interval: float = 0.5) -> None:
        self.interval = interval
        self.roots: Dict[str, List[int]] = {}
        self.peak_rss: Dict[str, int] = {}
        self.peak_total = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def watch(self, name: str, pid: int) -> None:
        """Adds pid's process tree to part `name` (a part may have several)."""
        self.roots.setdefault(name, []).append(pid)

    def sample(self) -> Dict[str, tuple]:
        """{part: (rss bytes, cpu seconds, runqueue wait seconds)} for each
        part's whole tree, now."""
        parents, now, roots = _parents(), {}, {name: list(pids) for name, pids in self.roots.items()}
        every_root = frozenset(pid for pids in roots.values() for pid in pids)
        for name, pids in roots.items():
            usages = [_usage(pid) for root in pids for pid in tree(root, parents, every_root)]
            now[name] = tuple(sum(column) for column in zip(*usages))
        return now

    def times(self) -> Dict[str, tuple]:
        """{part: (cpu seconds, runqueue wait seconds)}"""
        return {name: (cpu, wait) for name, (_rss, cpu, wait) in self.sample().items()}

    def _record(self, now: Dict[str, tuple], total_of: List[str]) -> None:
        for name, (rss, _cpu, _wait) in now.items():
            self.peak_rss[name] = max(self.peak_rss.get(name, 0), rss)
        self.peak_total = max(self.peak_total, sum(now[n][0] for n in total_of if n in now))

    def _run(self) -> None:
        while not self._stop.is_set():
            self._record(self.sample(), self.total_parts)
            self._stop.wait(self.interval)

    def start(self, total_parts: List[str]) -> None:
        self.total_parts = total_parts
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def peaks_mb(self) -> Dict[str, float]:
        return {name: round(rss / MB, 1) for name, rss in self.peak_rss.items()}
