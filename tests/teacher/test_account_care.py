"""Account care: an admin resets a password and disables or enables an account
from the command line (printing no library warnings), a teacher changes their
own password, and a DSL is made from the command line."""
from __future__ import annotations

from tests.teacher.server import PASSWORD
from tests.teacher.test_accounts import cli, fresh_email

NEW_PASSWORD = "a brand new staffroom passphrase"


def test_the_cli_prints_only_its_own_lines(web):
    email = fresh_email()
    short = cli(web.database_url, "teacher", "add", email, stdin="only11chars\n")
    assert short.stderr == "kit: The password must be at least 12 characters long.\n"  # no deprecation warnings
    added = cli(web.database_url, "teacher", "add", email, "--dsl", stdin=PASSWORD + "\n")
    try:
        assert added.stderr == "" and added.stdout.startswith(f"kit: added {email} as a teacher and designated")
        status, body = web.anonymous().login(email, PASSWORD)
        assert status == 200 and body["is_dsl"] is True
    finally:  # this web app's other tests are for a school without a DSL
        cli(web.database_url, "teacher", "dsl", email, "--remove", stdin="")


def test_an_admin_resets_a_password_and_the_old_one_and_its_sessions_stop(web):
    teacher = web.new_teacher()
    email = teacher.identity.email
    reset = cli(web.database_url, "teacher", "reset", email.upper(), stdin=NEW_PASSWORD + "\n")
    assert reset.returncode == 0 and reset.stderr == "" and "signed out everywhere" in reset.stdout
    assert NEW_PASSWORD not in reset.stdout
    assert teacher.get("/api/teacher/me").status_code == 401  # the session from before the reset ended
    assert web.anonymous().login(email, PASSWORD)[0] == 401
    assert web.anonymous().login(email, NEW_PASSWORD)[0] == 200
    short = cli(web.database_url, "teacher", "reset", email, stdin="short\n")
    assert short.returncode == 1 and "at least 12 characters" in short.stderr
    unknown = cli(web.database_url, "teacher", "reset", fresh_email(), stdin=NEW_PASSWORD + "\n")
    assert unknown.returncode == 1 and "There is no teacher with the email" in unknown.stderr


def test_a_disabled_account_is_signed_out_and_cannot_sign_in_until_enabled(web):
    teacher = web.new_teacher()
    email = teacher.identity.email
    disabled = cli(web.database_url, "teacher", "disable", email, stdin="")
    assert disabled.returncode == 0 and disabled.stderr == ""
    assert teacher.get("/api/teacher/me").status_code == 401
    status, body = web.anonymous().login(email, PASSWORD)
    assert status == 401 and body["error"] == "That email address and password do not match an account."
    assert cli(web.database_url, "teacher", "enable", email, stdin="").returncode == 0
    assert web.anonymous().login(email, PASSWORD)[0] == 200


def test_the_cli_makes_and_unmakes_a_dsl(web):
    teacher = web.new_teacher()
    email = teacher.identity.email
    try:
        assert cli(web.database_url, "teacher", "dsl", email, stdin="").returncode == 0
        assert teacher.get("/api/teacher/me").json()["is_dsl"] is True
    finally:  # this web app's other tests are for a school without a DSL
        assert cli(web.database_url, "teacher", "dsl", email, "--remove", stdin="").returncode == 0
    assert teacher.get("/api/teacher/me").json()["is_dsl"] is False


def test_a_teacher_changes_their_own_password_and_their_other_sessions_end(web):
    teacher = web.new_teacher()
    email = teacher.identity.email
    elsewhere = web.anonymous()
    assert elsewhere.login(email, PASSWORD)[0] == 200
    wrong = teacher.post("/api/teacher/password", {"current_password": "not my password at all", "new_password": NEW_PASSWORD})
    assert wrong.status_code == 400 and wrong.json()["error"] == "Your current password is not right."
    short = teacher.post("/api/teacher/password", {"current_password": PASSWORD, "new_password": "short"})
    assert short.status_code == 400 and "at least 12 characters" in short.json()["error"]
    missing = teacher.post("/api/teacher/password", {"current_password": PASSWORD})
    assert missing.status_code == 400 and missing.json()["error"] == "Please give a new password."
    no_token = teacher.post("/api/teacher/password", {"current_password": PASSWORD, "new_password": NEW_PASSWORD}, csrf="")
    assert no_token.status_code == 403
    changed = teacher.post("/api/teacher/password", {"current_password": PASSWORD, "new_password": NEW_PASSWORD})
    assert changed.status_code == 200 and changed.json() == {"changed": True}
    assert teacher.get("/api/teacher/me").status_code == 200  # this session stays
    assert elsewhere.get("/api/teacher/me").status_code == 401  # the other one ended
    assert web.anonymous().login(email, NEW_PASSWORD)[0] == 200
