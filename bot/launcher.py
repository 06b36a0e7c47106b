"""`python -m bot run`: train if needed, start the action server, Rasa and the
web app, wait until each is healthy, and stop them all on Ctrl-C or SIGTERM.

Children get PR_SET_PDEATHSIG, so even if the launcher is killed outright the
kernel stops them: no orphan processes.
"""
from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from typing import Dict, List

from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from bot import paths
from bot.content.preview import build as build_preview
from bot.model import ensure_trained, rasa_env
from bot.run_log import failure_message, open_log, shown_path
from bot.settings import Settings
from bot.store.db import engine_for

STARTUP_TIMEOUT_SECONDS = 240


def _die_with_parent() -> None:
    libc = ctypes.CDLL("libc.so.6", use_errno=True)
    libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


@dataclass
class Part:
    name: str
    command: List[str]
    health_url: str
    env: Dict[str, str]


def parts(settings: Settings, model: str) -> List[Part]:
    py = sys.executable
    env = rasa_env()
    env.update(DATABASE_URL=settings.database_url, KIT_ACTIONS_URL=f"{settings.actions_url}/webhook")
    rasa = [
        # `rasa run` with a speed fix applied first (bot/rasa_cli.py); one
        # process per KIT_RASA_WORKERS, each on its own port.
        Part(rasa_part_name(i, settings.rasa_workers),
             [py, "-m", "bot.rasa_cli", "run", "--model", model, "--interface", "127.0.0.1",
              "--port", str(port), "--endpoints", settings.rasa_endpoints,
              "--credentials", "credentials.yml", "--quiet"],
             f"{url}/webhooks/rest/", env)
        for i, (port, url) in enumerate(zip(settings.rasa_ports, settings.rasa_urls))
    ]
    return [
        Part("actions", [py, "-m", "actions.server", "--port", str(settings.actions_port)],
             f"{settings.actions_url}/health", env),
        *rasa,
        Part("web", [py, "-m", "bot.web"], f"http://127.0.0.1:{settings.web_port}/", env),
    ]


def rasa_part_name(index: int, workers: int) -> str:
    return "rasa" if workers == 1 else f"rasa-{index + 1}"


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


class Stack:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.processes: Dict[str, subprocess.Popen] = {}
        self.parts: Dict[str, Part] = {}
        self.log = None  # the parts' own output (library warnings included) goes to the log file

    def start(self) -> None:
        model = str(ensure_trained(self.settings.model_dir))
        try:
            engine_for(self.settings.database_url)  # migrate to the newest schema before anyone writes
        except SQLAlchemyError as error:
            print(f"kit: analytics database unavailable ({type(error).__name__}); chat still works, "
                  "lost events are counted in /healthz", file=sys.stderr, flush=True)
        build_preview(Path(self.settings.preview_dir), self.settings.locale)  # for /preview/
        self.parts = {part.name: part for part in parts(self.settings, model)}
        self.log = open_log("python -m bot run: " + ", ".join(self.parts))
        print(f"kit: starting {', '.join(self.parts)} (loading the model takes a minute or two;"
              f" their own output: {shown_path()})", flush=True)
        # All start at once (the Rasa processes load their models side by
        # side), then each is waited for.
        for part in self.parts.values():
            self._spawn(part)
        for part in self.parts.values():
            self._wait_healthy(part)
            print(f"kit: {part.name} is up", flush=True)

    def _spawn(self, part: Part) -> None:
        self.processes[part.name] = subprocess.Popen(
            part.command, cwd=paths.ROOT, env=part.env, preexec_fn=_die_with_parent,
            stdout=self.log, stderr=subprocess.STDOUT,
        )

    def restart_dead_parts(self, dead_since: Dict[str, float]) -> None:
        """A part that died is restarted after the restart delay; meanwhile the
        web app keeps answering with the emergency routes."""
        now = time.monotonic()
        for name, process in self.processes.items():
            if process.poll() is None:
                continue
            if name not in dead_since:
                print(f"kit: {name} stopped (exit {process.returncode}); restarting", flush=True)
                dead_since[name] = now
            elif now - dead_since[name] >= self.settings.restart_delay_seconds:
                del dead_since[name]
                self._spawn(self.parts[name])

    def _wait_healthy(self, part: Part) -> None:
        deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            if self.processes[part.name].poll() is not None:
                raise RuntimeError(failure_message(f"{part.name} exited during start-up"))
            if _healthy(part.health_url):
                return
            time.sleep(0.5)
        raise RuntimeError(failure_message(f"{part.name} did not answer in {STARTUP_TIMEOUT_SECONDS}s"))

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                process.terminate()
        deadline = time.monotonic() + 10
        for process in self.processes.values():
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if self.log:
            self.log.close()


def run(settings: Settings) -> int:
    stack = Stack(settings)
    stopping = {"signal": None}

    def request_stop(signum, _frame):
        stopping["signal"] = signum

    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)
    try:
        stack.start()
        print(f"kit: ready at http://127.0.0.1:{settings.web_port}  (Ctrl-C to stop)", flush=True)
        dead_since: Dict[str, float] = {}
        while stopping["signal"] is None:
            stack.restart_dead_parts(dead_since)
            time.sleep(0.5)
    except RuntimeError as error:
        print(f"kit: {error}", file=sys.stderr, flush=True)
        return 1
    finally:
        stack.stop()
        print("kit: stopped", flush=True)
    return 0
