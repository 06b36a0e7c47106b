"""Starting the real Kit stack (launcher -> actions, Rasa, web app) for tests."""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Tuple

from bot import paths


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def post(url: str, body, raw: Optional[bytes] = None) -> Tuple[int, dict]:
    data = raw if raw is not None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def get(url: str) -> Tuple[int, dict, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            body = response.read().decode()
            return response.status, dict(response.headers), body
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


@dataclass
class Stack:
    workdir: Path
    web_port: int
    rasa_port: int
    actions_port: int
    process: subprocess.Popen
    school_port: int  # a test "school site" origin the widget may be embedded on

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.web_port}"

    @property
    def database(self) -> Path:
        return self.workdir / "kit.db"

    def chat(self, session: str, text: str) -> Tuple[int, dict]:
        return post(f"{self.url}/api/chat", {"session": session, "text": text})

    def start_session(self, age_band: Optional[str] = "11-13", **extra) -> Tuple[str, list]:
        body = dict(extra)
        if age_band:
            body["age_band"] = age_band
        status, reply = post(f"{self.url}/api/session", body)
        assert status == 200, reply
        return reply["session"], reply["replies"]

    def child_pids(self) -> list:
        out = subprocess.run(["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True).stdout
        return [int(pid) for pid in out.split()]

    def kill_part(self, command_fragment: str) -> None:
        for pid in self.child_pids():
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
            if command_fragment in cmdline:
                os.kill(pid, signal.SIGKILL)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=60)


def start_stack(workdir: Path) -> Stack:
    workdir.mkdir(parents=True, exist_ok=True)
    ports = free_port(), free_port(), free_port()
    school_port = free_port()
    env = dict(
        os.environ,
        KIT_WEB_HOST="127.0.0.1",
        KIT_WEB_PORT=str(ports[0]),
        KIT_RASA_PORT=str(ports[1]),
        KIT_ACTIONS_PORT=str(ports[2]),
        KIT_RASA_TIMEOUT="15",
        KIT_WIDGET_ORIGINS=f"http://127.0.0.1:{school_port}",
        DATABASE_URL=f"sqlite:///{workdir / 'kit.db'}",
        TMPDIR=str(workdir / "tmp"),
    )
    (workdir / "tmp").mkdir(exist_ok=True)
    log = open(workdir / "stack.log", "wb")
    process = subprocess.Popen([sys.executable, "-m", "bot", "run"], cwd=paths.ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    stack = Stack(workdir, *ports, process, school_port)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"stack exited: {(workdir / 'stack.log').read_text()[-3000:]}")
        if b"kit: ready" in (workdir / "stack.log").read_bytes():
            return stack
        time.sleep(0.5)
    stack.stop()
    raise RuntimeError("stack did not become ready")
