"""The web app alone (no Rasa) as a real process over HTTP, and a teacher's
browser-like client for it (cookie jar, CSRF header)."""
from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Optional

import requests

from bot import paths
from bot.store.classes import find_class_by_code
from bot.store.teachers import TeacherIdentity, add_teacher
from tests.stack import TEST_ADDRESS_LIMITS, free_port

PASSWORD = "correct horse battery staple"


@dataclass
class WebApp:
    url: str
    database_url: str
    process: subprocess.Popen
    log: Path

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()

    def new_teacher(self, is_admin: bool = False, is_dsl: bool = False) -> "TeacherClient":
        return signed_in_teacher(self.url, self.database_url, is_admin, is_dsl)

    def anonymous(self) -> "TeacherClient":
        return TeacherClient(self.url, None)


def signed_in_teacher(base_url: str, database_url: str, is_admin: bool = False, is_dsl: bool = False) -> "TeacherClient":
    """A new teacher account in the database, signed in to the web app at base_url."""
    email = f"teacher-{uuid.uuid4().hex[:10]}@school.example"
    client = TeacherClient(base_url, add_teacher(database_url, email, PASSWORD, is_admin, is_dsl))
    status, body = client.login(email, PASSWORD)
    assert status == 200, body
    return client


def start_web_app(database_url: str, workdir: Path, **settings: str) -> WebApp:
    """python -m bot.web on free ports; Rasa's port is free too, so nothing answers there."""
    workdir.mkdir(parents=True, exist_ok=True)
    port = free_port()
    env = dict(
        os.environ,
        **TEST_ADDRESS_LIMITS,
        KIT_WEB_HOST="127.0.0.1",
        KIT_WEB_PORT=str(port),
        KIT_RASA_PORT=str(free_port()),
        KIT_ACTIONS_PORT=str(free_port()),
        DATABASE_URL=database_url,
        **settings,
    )
    log = workdir / f"web-{port}.log"
    process = subprocess.Popen([sys.executable, "-m", "bot.web"], cwd=paths.ROOT, env=env,
                               stdout=log.open("wb"), stderr=subprocess.STDOUT)
    app = WebApp(f"http://127.0.0.1:{port}", database_url, process, log)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"web app exited: {log.read_text()[-3000:]}")
        try:
            if requests.get(app.url + "/widget.js", timeout=2).status_code == 200:
                return app
        except requests.ConnectionError:
            pass
        time.sleep(0.2)
    app.stop()
    raise RuntimeError("web app did not start")


class TeacherClient:
    def __init__(self, base_url: str, identity: Optional[TeacherIdentity]) -> None:
        self.base_url = base_url
        self.identity = identity
        self.http = requests.Session()
        self.csrf = ""

    def login(self, email: str, password: str):
        response = self.http.post(self.base_url + "/api/teacher/login", json={"email": email, "password": password})
        self.last = response
        if response.status_code == 200:
            self.csrf = response.json()["csrf_token"]
        return response.status_code, response.json()

    def get(self, path: str, **kwargs) -> requests.Response:
        return self.http.get(self.base_url + path, timeout=30, **kwargs)

    def post(self, path: str, body=None, csrf: Optional[str] = None, headers: Optional[Dict] = None) -> requests.Response:
        sent = {"X-CSRF-Token": self.csrf if csrf is None else csrf, **(headers or {})}
        if csrf == "":
            del sent["X-CSRF-Token"]
        return self.http.post(self.base_url + path, json=body, headers=sent, timeout=30)

    def new_class(self, name: str = "7B", age_band: str = "11-13") -> dict:
        response = self.post("/api/teacher/classes", {"name": name, "age_band": age_band})
        assert response.status_code == 201, response.text
        return response.json()

    def class_id_for(self, database_url: str, code: str) -> int:
        return find_class_by_code(database_url, code).id
