"""The designated safeguarding lead (DSL): a school-wide alert queue (category,
class, coarse time, state and who acted, with what to do next), an email to
every DSL through a real SMTP server, and who else sees alerts. Runs on
SQLite and PostgreSQL, in a web app of its own (a DSL changes who sees alerts
for the whole school)."""
from __future__ import annotations

import datetime as dt
import time

import pytest

from bot.safeguarding.next_steps import next_steps
from bot.store.account_care import set_disabled
from bot.store.db import session_for
from bot.store.events import record_turn
from bot.store.models import SafeguardingAlert
from tests.teacher.conftest import new_database
from tests.stack import free_port
from tests.teacher.server import start_web_app

EMAIL_WITHIN_SECONDS = 15  # issue 22's target: the DSL hears within 15 s


@pytest.fixture
def school(request, backend, mailbox, tmp_path):
    """A school's own Kit web app, emailing its DSLs through `mailbox`."""
    app = start_web_app(new_database(request, backend), tmp_path / "web", **mailbox.settings())
    yield app
    app.stop()


def alert(school, class_id, topic, risk, categories):
    record_turn(school.database_url, class_id, topic, risk, "11-13", categories)


def test_the_dsl_sees_every_classs_alerts_by_category_class_and_state(school):
    dsl = school.new_teacher(is_dsl=True)
    teacher_a, teacher_b = school.new_teacher(), school.new_teacher()
    class_a = teacher_a.new_class("7A")["id"]
    class_b = teacher_b.new_class("9C", "14-18")["id"]
    alert(school, class_a, "sextortion", "disclosure", ["sextortion"])
    alert(school, class_b, "meeting_up", "danger", ["danger", "grooming"])
    response = dsl.get("/api/teacher/alerts")
    assert response.status_code == 200, response.text
    queue = response.json()
    assert queue["new"] == 3
    shown = sorted((a["category"], a["class_name"], a["state"]) for a in queue["alerts"])
    assert shown == [("danger", "9C", "new"), ("grooming", "9C", "new"), ("sextortion", "7A", "new")]
    assert {a["hour"][13:] for a in queue["alerts"]} == {":00Z"}  # only the hour is kept
    first = queue["alerts"][0]
    assert set(first) == {"id", "category", "class_name", "hour", "state", "seen_by", "seen_at",
                          "acted_by", "acted_at", "next_steps"}  # no exact time, no pupil, no words
    sextortion = next(a for a in queue["alerts"] if a["category"] == "sextortion")
    assert sextortion["next_steps"] == list(next_steps()["sextortion"])
    assert any("pay" in step for step in sextortion["next_steps"])


def test_the_dsl_moves_an_alert_to_seen_then_acted_on_and_names_who(school):
    dsl, other_dsl = school.new_teacher(is_dsl=True), school.new_teacher(is_dsl=True)
    class_id = school.new_teacher().new_class()["id"]
    alert(school, class_id, "grooming", "disclosure", ["grooming"])
    alert_id = dsl.get("/api/teacher/alerts").json()["alerts"][0]["id"]
    seen = dsl.post(f"/api/teacher/alerts/{alert_id}/seen").json()
    assert seen["state"] == "seen" and seen["seen_by"] == dsl.identity.email and seen["acted_by"] is None
    acted = other_dsl.post(f"/api/teacher/alerts/{alert_id}/acted").json()
    assert acted["state"] == "acted" and acted["acted_by"] == other_dsl.identity.email
    assert acted["seen_by"] == dsl.identity.email  # the first of each stands
    assert dt.datetime.fromisoformat(acted["acted_at"].rstrip("Z")).second == 0  # to the minute
    queue = dsl.get("/api/teacher/alerts").json()
    assert queue["new"] == 0 and queue["alerts"][0]["state"] == "acted"
    assert dsl.post("/api/teacher/alerts/999999/acted").status_code == 404
    assert dsl.post(f"/api/teacher/alerts/{alert_id}/acted", csrf="").status_code == 403


def test_only_a_dsl_reaches_the_queue_and_the_staff_list(school):
    school.new_teacher(is_dsl=True)
    teacher, admin = school.new_teacher(), school.new_teacher(is_admin=True)
    for client in (teacher, admin):
        for response in (client.get("/api/teacher/alerts"), client.get("/api/teacher/staff"),
                         client.post("/api/teacher/alerts/1/seen")):
            assert response.status_code == 403 and "designated safeguarding lead" in response.json()["error"]
    assert school.anonymous().get("/api/teacher/alerts").status_code == 401


def test_class_teachers_keep_topic_counts_and_the_dsl_decides_who_sees_alerts(school):
    teacher = school.new_teacher()
    class_id = teacher.new_class()["id"]
    alert(school, class_id, "grooming", "disclosure", ["grooming"])
    # No DSL yet: the class teacher sees the alert, so none goes unseen.
    assert teacher.get(f"/api/teacher/classes/{class_id}/alerts").status_code == 200
    dsl = school.new_teacher(is_dsl=True)
    hidden = teacher.get(f"/api/teacher/classes/{class_id}/alerts")
    assert hidden.status_code == 403 and "designated safeguarding lead" in hidden.json()["error"]
    assert teacher.get(f"/api/teacher/classes/{class_id}/topics").status_code == 200
    assert teacher.get(f"/api/teacher/classes/{class_id}").json()["sees_alerts"] is False  # the dashboard says so
    staff = dsl.get("/api/teacher/staff").json()["staff"]
    me = next(row for row in staff if row["email"] == teacher.identity.email)
    assert me["sees_alerts"] is False and me["is_dsl"] is False
    granted = dsl.post(f"/api/teacher/staff/{me['id']}", {"sees_alerts": True})
    assert granted.status_code == 200 and granted.json()["sees_alerts"] is True
    assert len(teacher.get(f"/api/teacher/classes/{class_id}/alerts").json()) == 1
    assert teacher.get(f"/api/teacher/classes/{class_id}").json()["sees_alerts"] is True
    assert dsl.post(f"/api/teacher/staff/{me['id']}", {"sees_alerts": "yes"}).status_code == 400
    assert dsl.post("/api/teacher/staff/999999", {"sees_alerts": True}).status_code == 404


def test_every_enabled_dsl_is_emailed_within_15_seconds_with_no_pupil_data(school, mailbox):
    dsl, second = school.new_teacher(is_dsl=True), school.new_teacher(is_dsl=True)
    gone = school.new_teacher(is_dsl=True)
    set_disabled(school.database_url, gone.identity.email, True)
    class_id = school.new_teacher().new_class("Year 8 Otters")["id"]
    started = time.monotonic()
    alert(school, class_id, "sextortion", "disclosure", ["sextortion"])
    mail = mailbox.wait_for(dsl.identity.email, EMAIL_WITHIN_SECONDS)
    assert mail.at - started < EMAIL_WITHIN_SECONDS
    assert second.identity.email in mail.recipients and gone.identity.email not in mail.recipients
    body = mail.message.get_content()
    assert "A new safeguarding concern has been raised" in body and "/teacher/alerts" in body
    assert mail.message["From"] == "kit@school.example"
    for private in ("Otters", "Year 8", "sextortion", "blackmail", str(class_id)):
        assert private not in body and private not in mail.message["Subject"]
    time.sleep(5)  # two more polls: the same alert is never emailed twice
    assert len(mailbox.to(dsl.identity.email)) == 1


def unsent(database_url: str) -> int:
    with session_for(database_url) as session:
        return session.query(SafeguardingAlert).filter(SafeguardingAlert.emailed_at.is_(None)).count()


def test_an_alert_waits_for_a_dsl_rather_than_being_lost(school, mailbox):
    class_id = school.new_teacher().new_class()["id"]
    alert(school, class_id, "grooming", "disclosure", ["grooming"])
    time.sleep(3)  # a poll with no DSL: the alert stays unsent
    assert unsent(school.database_url) == 1
    dsl = school.new_teacher(is_dsl=True)
    body = mailbox.wait_for(dsl.identity.email, EMAIL_WITHIN_SECONDS).message.get_content()
    assert body.startswith("A new safeguarding concern has been raised in Kit.")


def test_an_alert_waits_while_the_mail_server_is_down(request, backend, mailbox, tmp_path):
    down = {**mailbox.settings(), "KIT_SMTP_PORT": str(free_port())}  # nothing listens there
    app = start_web_app(new_database(request, backend), tmp_path / "web", **down)
    try:
        app.new_teacher(is_dsl=True)
        alert(app, app.new_teacher().new_class()["id"], "grooming", "disclosure", ["grooming"])
        time.sleep(5)  # two polls, each failing to connect
        assert unsent(app.database_url) == 1  # tried again on the next poll, never marked sent
        assert "could not email the DSLs (ConnectionRefusedError" in app.log.read_text()
    finally:
        app.stop()


def test_a_school_procedure_file_replaces_the_default_steps(tmp_path):
    procedure = tmp_path / "procedure.yml"
    procedure.write_text("grooming:\n  - Ring Mrs Patel (DSL) on extension 214.\n", encoding="utf-8")
    steps = next_steps(str(procedure))
    assert steps["grooming"] == ("Ring Mrs Patel (DSL) on extension 214.",)
    assert steps["sextortion"] == next_steps()["sextortion"]  # categories left out keep the default
    procedure.write_text("bullying:\n  - x\n", encoding="utf-8")
    next_steps.cache_clear()
    with pytest.raises(ValueError, match="unknown alert category 'bullying'"):
        next_steps(str(procedure))


def test_every_category_has_default_steps():
    from bot.safety.categories import ALERT_CATEGORIES

    assert set(next_steps()) == set(ALERT_CATEGORIES)
