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


def free_port_run(count: int) -> int:
    """The first of `count` free consecutive ports (Rasa's workers use
    KIT_RASA_PORT and the ports after it)."""
    for _ in range(50):
        first = free_port()
        sockets = []
        try:
            for port in range(first, first + count):
                s = socket.socket()
                sockets.append(s)
                s.bind(("127.0.0.1", port))
            return first
        except OSError:
            continue
        finally:
            for s in sockets:
                s.close()
    raise RuntimeError(f"no {count} free ports in a row")


def call(method: str, url: str, body=None, raw: Optional[bytes] = None,
         headers: Optional[dict] = None, timeout: float = 60) -> Tuple[int, dict, dict]:
    """One HTTP request: (status, response headers, JSON body or {})."""
    data = raw if raw is not None else (None if body is None and method != "POST" else json.dumps(body).encode())
    request = urllib.request.Request(url, data=data, method=method,
                                     headers=dict({"Content-Type": "application/json"}, **(headers or {})))
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            status, reply_headers, content = response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        status, reply_headers, content = error.code, error.headers, error.read()
    return status, dict(reply_headers), json.loads(content) if content else {}


def routes_in(body: dict) -> set:
    """The reporting routes named in a chat answer's replies."""
    from bot.routes import mentioned_routes

    return set(mentioned_routes("\n".join(r["text"] for r in body["replies"])))


def post(url: str, body, raw: Optional[bytes] = None) -> Tuple[int, dict]:
    status, _, reply = call("POST", url, body, raw)
    return status, reply


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
    rasa_workers: int

    @property
    def rasa_ports(self) -> list:
        return [self.rasa_port + i for i in range(self.rasa_workers)]

    @property
    def rasa_urls(self) -> list:
        return [f"http://127.0.0.1:{port}" for port in self.rasa_ports]

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

    def sessions_on_each_rasa(self, per_worker: int, age_band: str = "11-13") -> list:
        """New sessions, `per_worker` for each Rasa process: [[ids on the first], ...],
        sorted by where the web app sends them (bot/web/rasa_client.rasa_for)."""
        from bot.web.rasa_client import rasa_for

        urls = self.rasa_urls
        found = [[] for _ in urls]
        for _ in range(200):
            if all(len(ids) >= per_worker for ids in found):
                return found
            session, _ = self.start_session(age_band)
            index = urls.index(rasa_for(session, urls))
            if len(found[index]) < per_worker:
                found[index].append(session)
        raise AssertionError(f"sessions did not spread over the Rasa processes: {found}")

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


# Every test talks from 127.0.0.1, like a whole school behind one address:
# stacks for tests get a roomy per-address limit unless a test sets its own.
TEST_ADDRESS_LIMITS = {
    "KIT_RATE_ADDRESS_PER_MINUTE": "100000", "KIT_RATE_ADDRESS_BURST": "10000",
    "KIT_RATE_NEW_SESSIONS_PER_ADDRESS_PER_MINUTE": "100000", "KIT_RATE_NEW_SESSIONS_PER_ADDRESS_BURST": "10000",
    "KIT_RATE_CODE_GUESSES_PER_MINUTE": "100000", "KIT_RATE_CODE_GUESSES_BURST": "10000",
}


def start_stack(workdir: Path, extra_env: Optional[dict] = None) -> Stack:
    workdir.mkdir(parents=True, exist_ok=True)
    # Two Rasa processes unless a test says otherwise: what `make run` starts on
    # the 2-core machines Kit is sized for (KIT_RASA_WORKERS=auto).
    workers = int((extra_env or {}).get("KIT_RASA_WORKERS", "2"))
    ports = free_port(), free_port_run(workers), free_port()
    school_port = free_port()
    env = dict(
        os.environ,
        **TEST_ADDRESS_LIMITS,
        KIT_RASA_WORKERS=str(workers),
        KIT_WEB_HOST="127.0.0.1",
        KIT_WEB_PORT=str(ports[0]),
        KIT_RASA_PORT=str(ports[1]),
        KIT_ACTIONS_PORT=str(ports[2]),
        KIT_RASA_TIMEOUT="15",
        KIT_CORS_ORIGINS=f"http://127.0.0.1:{school_port}",
        KIT_FRAME_ANCESTORS=f"http://127.0.0.1:{school_port}",  # the widget's chat frame on the school site
        DATABASE_URL=f"sqlite:///{workdir / 'kit.db'}",
        TMPDIR=str(workdir / "tmp"),
        # The parts' own output (bot/run_log.py) in the same file as the
        # launcher's, so a test reads everything a run wrote in one place.
        KIT_LOG_FILE=str(workdir / "stack.log"),
    )
    env.update(extra_env or {})
    (workdir / "tmp").mkdir(exist_ok=True)
    log = open(workdir / "stack.log", "ab")  # appending, like the parts writing beside it
    process = subprocess.Popen([sys.executable, "-m", "bot", "run"], cwd=paths.ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    stack = Stack(workdir, *ports, process, school_port, workers)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"stack exited: {(workdir / 'stack.log').read_text()[-3000:]}")
        if b"kit: ready" in (workdir / "stack.log").read_bytes():
            return stack
        time.sleep(0.5)
    stack.stop()
    raise RuntimeError("stack did not become ready")


@dataclass
class WebApp:
    """The web app alone (Rasa and the action server absent), for limits and headers."""
    process: subprocess.Popen
    port: int
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)


def start_web(workdir: Path, extra_env: Optional[dict] = None) -> WebApp:
    """Starts `python -m bot.web`; raises with its log if it exits (bad settings)."""
    workdir.mkdir(parents=True, exist_ok=True)
    port = free_port()
    env = dict(os.environ, **TEST_ADDRESS_LIMITS, KIT_WEB_HOST="127.0.0.1", KIT_WEB_PORT=str(port),
               KIT_RASA_PORT=str(free_port()), KIT_ACTIONS_PORT=str(free_port()), KIT_RASA_TIMEOUT="2",
               DATABASE_URL=f"sqlite:///{workdir / 'kit.db'}")
    env.update(extra_env or {})
    log = workdir / f"web-{port}.log"
    process = subprocess.Popen([sys.executable, "-m", "bot.web"], cwd=paths.ROOT, env=env,
                               stdout=open(log, "wb"), stderr=subprocess.STDOUT)
    web = WebApp(process, port, log)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"web app exited: {log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(web.url + "/", timeout=2):
                return web
        except OSError:
            time.sleep(0.2)
    web.stop()
    raise RuntimeError("web app did not start")
