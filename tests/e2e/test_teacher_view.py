"""End to end: pupils chat in a class on the real stack; the topics are
counted for the class (shown to the teacher once the week is over), the
teacher sees a safeguarding alert with its hour at once, and nothing a pupil
wrote is in the database."""
from __future__ import annotations

import datetime as dt
import sqlite3
import uuid

from tests.clock import hours_since
from tests.teacher.server import signed_in_teacher


def every_stored_value(database) -> str:
    db = sqlite3.connect(database)
    tables = [row[0] for row in db.execute("select name from sqlite_master where type='table'")]
    return "\n".join(str(row) for table in tables for row in db.execute(f'select * from "{table}"'))


def test_a_class_chat_reaches_the_teacher_as_counts_and_an_alert_never_as_text(stack):
    teacher = signed_in_teacher(stack.url, f"sqlite:///{stack.database}")
    created = teacher.new_class("Year 9 Kingfishers", "14-18")
    canary = f"zebra{uuid.uuid4().hex}quokka"

    started = dt.datetime.utcnow()
    session, _ = stack.start_session(age_band=None, class_code=created["code"])  # the class's age band
    for _ in range(3):
        assert stack.chat(session, "how do i make my account private")[0] == 200
    assert stack.chat(session, f"hello {canary}")[0] == 200
    # The canary goes in its own message: a random suffix on the disclosure
    # flips its topic between grooming and nudes sharing about half the time
    # (char n-grams), and with it the alert's category. "no clothes" is the
    # disclosure's own canary below.
    assert stack.chat(session, "someone online keeps asking me for pictures with no clothes on")[0] == 200
    assert stack.chat(session, f"thanks {canary}")[0] == 200

    base = f"/api/teacher/classes/{created['id']}"
    assert teacher.get(base + "/topics").json()["topics"] == []  # this week's counts show once it is over
    alerts = teacher.get(base + "/alerts").json()
    assert [a["category"] for a in alerts] == ["grooming"] and alerts[0]["hour"] in hours_since(started)

    stored = every_stored_value(stack.database)
    assert canary not in stored and "no clothes" not in stored and "account private" not in stored
    db = sqlite3.connect(stack.database)
    rows = list(db.execute("select topic, age_band from topic_events where class_id = ?", (created["id"],)))
    assert {band for _, band in rows} == {"14-18"}
    assert sum(topic == "privacy_security" for topic, _ in rows) >= 3
