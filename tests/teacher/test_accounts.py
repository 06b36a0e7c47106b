"""A teacher signs in and out; wrong passwords, throttling and time-outs keep others out."""
from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time
import uuid

from sqlalchemy import update

from bot import paths
from bot.store.db import session_for
from bot.store.models import Teacher, TeacherSession
from bot.store.teacher_sessions import token_hash
from bot.store.teachers import add_teacher
from tests.teacher.server import PASSWORD, start_web_app


def fresh_email() -> str:
    return f"t-{uuid.uuid4().hex[:10]}@school.example"


def set_cookie_header(response) -> str:
    return response.headers["Set-Cookie"]


def test_a_teacher_signs_in_gets_a_strict_httponly_cookie_and_a_csrf_token(web):
    email = fresh_email()
    add_teacher(web.database_url, email, PASSWORD)
    client = web.anonymous()
    status, body = client.login(email.upper(), PASSWORD)  # email is not case-sensitive
    assert status == 200 and body["email"] == email and body["is_admin"] is False
    cookie = set_cookie_header(client.last)
    assert cookie.startswith("kit_teacher=")
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/" in cookie
    assert "Secure" not in cookie  # plain HTTP here; see the HTTPS test below
    me = client.get("/api/teacher/me")
    assert me.status_code == 200 and me.json()["csrf_token"] == body["csrf_token"]
    assert me.headers["Cache-Control"] == "no-store"


def test_the_database_keeps_only_a_hash_of_the_session_token_and_argon2id_hashes(web):
    client = web.new_teacher()
    token = client.http.cookies["kit_teacher"]
    with session_for(web.database_url) as session:
        stored = [row.token_hash for row in session.query(TeacherSession).all()]
        hashes = [row.password_hash for row in session.query(Teacher).all()]
    assert token not in stored and token_hash(token) in stored
    assert all(h.startswith("$argon2id$") for h in hashes) and PASSWORD not in "".join(hashes)


def test_wrong_password_and_unknown_email_get_the_same_plain_401(web):
    email = fresh_email()
    add_teacher(web.database_url, email, PASSWORD)
    wrong = web.anonymous().login(email, "not the password at all")
    unknown = web.anonymous().login(fresh_email(), PASSWORD)
    assert wrong[0] == unknown[0] == 401
    assert wrong[1] == unknown[1] and "do not match" in wrong[1]["error"]


def test_bad_login_requests_get_a_400_sentence_never_a_500(web):
    client = web.anonymous()
    for body in ({}, {"email": "a@b.example"}, {"email": 5, "password": []}, {"email": "", "password": ""}):
        response = client.http.post(web.url + "/api/teacher/login", json=body)
        assert response.status_code == 400 and isinstance(response.json()["error"], str), body
    response = client.http.post(web.url + "/api/teacher/login", data=b"{not json", headers={"Content-Type": "application/json"})
    assert response.status_code == 400 and "JSON" in response.json()["error"]


def test_past_the_free_failures_even_the_right_password_waits_a_growing_delay_then_works(web):
    """Growing delays, not a lockout: an attacker's wrong guesses cannot keep the teacher out for long."""
    email = fresh_email()
    add_teacher(web.database_url, email, PASSWORD)
    client = web.anonymous()
    for _ in range(3):  # the web fixture allows 3 failures per account, then waits 1 s, 2 s, 4 s ...
        assert client.login(email, "wrong password, wrong")[0] == 401
    status, body = client.login(email, PASSWORD)
    assert status == 429 and "Too many failed sign-ins" in body["error"] and "wait 1 second" in body["error"]
    other = fresh_email()
    add_teacher(web.database_url, other, PASSWORD)
    assert web.anonymous().login(other, PASSWORD)[0] == 200  # other accounts are unaffected
    time.sleep(1.1)
    assert client.login(email, "wrong password, wrong")[0] == 401
    status, body = client.login(email, PASSWORD)
    assert status == 429 and "wait 2 seconds" in body["error"]  # the delay grows
    time.sleep(2.1)
    assert client.login(email, PASSWORD)[0] == 200  # and then the teacher is in, minutes before a lockout ended


def test_logout_ends_the_session_on_the_server(web):
    client = web.new_teacher()
    token = client.http.cookies["kit_teacher"]
    response = client.post("/api/teacher/logout")
    assert response.status_code == 200
    assert "Max-Age=0" in response.headers["Set-Cookie"]
    client.http.cookies.set("kit_teacher", token)  # replaying the old cookie does not work
    assert client.get("/api/teacher/me").status_code == 401


def test_signing_in_again_issues_a_new_session_id_and_ends_the_old_one(web):
    client = web.new_teacher()
    first = client.http.cookies["kit_teacher"]
    assert client.login(client.identity.email, PASSWORD)[0] == 200
    second = client.http.cookies["kit_teacher"]
    assert first != second
    replay = web.anonymous()
    replay.http.cookies.set("kit_teacher", first)
    assert replay.get("/api/teacher/me").status_code == 401


def age_session(web, client, **columns) -> None:
    with session_for(web.database_url) as session, session.begin():
        session.execute(
            update(TeacherSession)
            .where(TeacherSession.token_hash == token_hash(client.http.cookies["kit_teacher"]))
            .values(**columns)
        )


def test_an_idle_session_times_out(web):
    client = web.new_teacher()
    age_session(web, client, last_seen_at=dt.datetime.utcnow() - dt.timedelta(minutes=31))
    response = client.get("/api/teacher/me")
    assert response.status_code == 401 and "sign in" in response.json()["error"]


def test_a_busy_session_still_ends_after_the_absolute_limit(web):
    client = web.new_teacher()
    age_session(web, client, created_at=dt.datetime.utcnow() - dt.timedelta(hours=12, minutes=1))
    assert client.get("/api/teacher/me").status_code == 401


def test_teacher_endpoints_need_a_session(web):
    anonymous = web.anonymous()
    for path in ("/api/teacher/me", "/api/teacher/classes", "/api/teacher/classes/1/topics"):
        response = anonymous.get(path)
        assert response.status_code == 401 and response.json()["error"] == "Please sign in first.", path
    anonymous.http.cookies.set("kit_teacher", "made-up-token")
    assert anonymous.get("/api/teacher/me").status_code == 401


def cli(database_url: str, *args: str, stdin: str):
    return subprocess.run([sys.executable, "-m", "bot", *args], cwd=paths.ROOT, input=stdin, text=True,
                          capture_output=True, timeout=120, env={**os.environ, "DATABASE_URL": database_url})


def test_the_cli_adds_a_teacher_with_a_password_from_stdin_and_refuses_short_ones(web):
    email = fresh_email()
    short = cli(web.database_url, "teacher", "add", email, stdin="only11chars\n")
    assert short.returncode == 1 and "at least 12 characters" in short.stderr
    added = cli(web.database_url, "teacher", "add", email, "--admin", stdin=PASSWORD + "\n")
    assert added.returncode == 0, added.stderr
    assert PASSWORD not in added.stdout + added.stderr
    again = cli(web.database_url, "teacher", "add", email, stdin=PASSWORD + "\n")
    assert again.returncode == 1 and "already exists" in again.stderr
    status, body = web.anonymous().login(email, PASSWORD)
    assert status == 200 and body["is_admin"] is True


def test_over_https_the_cookie_is_secure_and_one_address_gets_throttled(tmp_path):
    """Its own web app (SQLite: this is about settings, not storage): cookies
    always Secure, as behind a TLS proxy, and a low per-address limit."""
    app = start_web_app(f"sqlite:///{tmp_path / 'kit.db'}", tmp_path, KIT_COOKIE_SECURE="always",
                        KIT_LOGIN_FAILURES_PER_ADDRESS="4", KIT_LOGIN_FAILURES_PER_ACCOUNT="100")
    try:
        email = fresh_email()
        add_teacher(app.database_url, email, PASSWORD)
        client = app.anonymous()
        assert client.login(email, PASSWORD)[0] == 200
        cookie = set_cookie_header(client.last)
        assert cookie.startswith("__Host-kit_teacher=") and "Secure" in cookie.split("; ") and "Path=/" in cookie
        assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Domain" not in cookie
        for _ in range(4):  # different accounts, same address
            assert app.anonymous().login(fresh_email(), "wrong password, wrong")[0] == 401
        status, body = app.anonymous().login(email, PASSWORD)
        assert status == 429 and "Too many failed sign-ins" in body["error"] and "second" in body["error"]
    finally:
        app.stop()
