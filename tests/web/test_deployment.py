"""The web app as docker-compose.yml ships it (behind one TLS proxy, with the
compose file's own proxy, cookie and HSTS settings), against a real process:
teacher pages are never frameable even where the widget may be framed,
/healthz shows its details only on loopback, the teacher cookie is Secure
through the proxy, and the SQLite file is private to Kit's user."""
from __future__ import annotations

import os
import re
import stat

import pytest
import requests

from bot.store.teachers import add_teacher
from tests.deploy.test_manifests import COMPOSE, compose_default, documents
from tests.stack import start_web

SCHOOL = "https://school.example"
PROXIED = {"X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "https"}  # what the TLS proxy adds
PROXY_SETTINGS = ("SANIC_PROXIES_COUNT", "KIT_COOKIE_SECURE", "KIT_HSTS_SECONDS")


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    environment = documents(COMPOSE)[0]["services"]["kit"]["environment"]
    settings = {name: compose_default(environment[name]) for name in PROXY_SETTINGS}
    workdir = tmp_path_factory.mktemp("shipped")
    old_umask = os.umask(0o022)  # the usual umask, which alone would leave the file world-readable
    try:
        web = start_web(workdir, {**settings, "KIT_FRAME_ANCESTORS": SCHOOL})
    finally:
        os.umask(old_umask)
    web.database = workdir / "kit.db"
    yield web
    web.stop()


def frame_ancestors(response) -> list:
    return re.search(r"frame-ancestors ([^;]*)", response.headers["Content-Security-Policy"]).group(1).split()


@pytest.mark.parametrize("path", ["/teacher", "/teacher/login", "/teacher/classes/1", "/api/teacher/me",
                                  "/teacher/teacher.js", "/preview/"])
def test_teacher_pages_are_never_frameable_even_where_the_widget_may_be(shipped, path):
    response = requests.get(shipped.url + path, headers=PROXIED, timeout=10)
    assert frame_ancestors(response) == ["'none'"], path
    assert response.headers["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("path", ["/", "/privacy", "/widget.js", "/join/ABCDEF"])
def test_pupil_pages_keep_the_schools_that_may_frame_them(shipped, path):
    response = requests.get(shipped.url + path, headers=PROXIED, timeout=10)
    assert frame_ancestors(response) == ["'self'", SCHOOL], path
    assert "X-Frame-Options" not in response.headers


def test_every_answer_through_the_proxy_has_hsts(shipped):
    for path in ("/", "/teacher/login", "/no-such-page"):
        assert requests.get(shipped.url + path, headers=PROXIED, timeout=10).headers[
            "Strict-Transport-Security"] == "max-age=31536000"


def test_the_teacher_cookie_is_secure_through_the_proxy(shipped):
    email = "deploy@school.example"
    add_teacher(f"sqlite:///{shipped.database}", email, "correct horse battery staple")
    response = requests.post(shipped.url + "/api/teacher/login", headers=PROXIED, timeout=10,
                             json={"email": email, "password": "correct horse battery staple"})
    assert response.status_code == 200, response.text
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("__Host-kit_teacher=") and "Secure" in cookie and "HttpOnly" in cookie


def test_healthz_details_only_on_loopback(shipped):
    local = requests.get(shipped.url + "/healthz", timeout=30)
    assert local.status_code == 503 and local.json()["down"] == ["rasa", "actions"]  # Rasa absent here
    for headers in (PROXIED, {"X-Real-IP": "127.0.0.1"}, {"Forwarded": "for=198.51.100.2"}):
        outside = requests.get(shipped.url + "/healthz", headers=headers, timeout=30)
        assert outside.status_code == 503 and outside.json() == {"status": "down"}, headers


def test_the_sqlite_file_is_created_readable_by_kit_only(shipped):
    assert shipped.database.exists()
    assert stat.S_IMODE(shipped.database.stat().st_mode) == 0o600


def test_an_old_world_readable_sqlite_file_is_tightened(tmp_path):
    database = tmp_path / "old.db"
    database.touch(mode=0o644)
    os.chmod(database, 0o644)
    web = start_web(tmp_path / "web", {"DATABASE_URL": f"sqlite:///{database}"})
    web.stop()
    assert stat.S_IMODE(database.stat().st_mode) == 0o600
