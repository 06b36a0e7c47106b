"""A teacher starts a lesson story for a class and sees the class's choices as
suppressed counts (the topic rule); CSRF and ownership guard it. Real web app
and database; the choices are written the way the action server writes them."""
from __future__ import annotations

import sqlite3

from bot import scenarios
from bot.store.scenario_store import record_choice


def test_a_teacher_starts_a_story_for_the_class_and_can_stop_it(web):
    teacher = web.new_teacher()
    created = teacher.new_class("Year 5 Owls", "8-10")
    base = f"/api/teacher/classes/{created['id']}/scenario"
    offered = teacher.get(base).json()
    assert offered["scenario"] is None
    available = {s["id"] for s in offered["available"]}
    assert available == {s.id for s in scenarios.for_age_band("8-10")} and "free_skins" in available

    assert teacher.post(base, {"scenario": "free_skins"}, csrf="").status_code == 403  # no CSRF token
    started = teacher.post(base, {"scenario": "free_skins"})
    assert started.status_code == 200, started.text
    assert started.json()["scenario"] == {"id": "free_skins", "topic": "gaming", "title": "A new friend in a game"}
    assert teacher.get(base).json()["scenario"]["id"] == "free_skins"

    assert teacher.post(base, {"scenario": "skins_new_app"}).status_code == 400  # written for 11-18, not this class
    assert teacher.post(base, {"scenario": "no_such_story"}).status_code == 400
    assert teacher.post(base, {}).status_code == 400
    assert teacher.post(base, {"scenario": None}).json()["scenario"] is None


def test_another_teachers_class_is_not_found(web):
    owner, other = web.new_teacher(), web.new_teacher()
    created = owner.new_class("6R", "11-13")
    base = f"/api/teacher/classes/{created['id']}"
    assert other.get(base + "/scenario").status_code == 404
    assert other.post(base + "/scenario", {"scenario": "skins_new_app"}).status_code == 404
    assert other.get(base + "/scenarios/skins_new_app/choices").status_code == 404
    assert web.anonymous().get(base + "/scenarios/skins_new_app/choices").status_code == 401


def test_choices_are_counted_per_step_with_small_numbers_suppressed(web):
    teacher = web.new_teacher()
    created = teacher.new_class("Year 8 Ravens", "11-13")
    class_id = created["id"]
    other_class = teacher.new_class("Year 8 Crows", "11-13")["id"]
    for _ in range(4):
        record_choice(web.database_url, class_id, "skins_new_app", "skins", "decline")
    for _ in range(2):
        record_choice(web.database_url, class_id, "skins_new_app", "skins", "accept")
    for _ in range(3):
        record_choice(web.database_url, class_id, "skins_new_app", "private_chat", "block_report")
        record_choice(web.database_url, other_class, "skins_new_app", "skins", "accept")

    response = teacher.get(f"/api/teacher/classes/{class_id}/scenarios/skins_new_app/choices?days=1")
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["id"], body["threshold"], body["days"]) == ("skins_new_app", 3, 1)
    counts = {(s["step"], c["choice"]): (c["count"], c["display"]) for s in body["steps"] for c in s["choices"]}
    assert counts == {
        ("skins", "accept"): (None, "fewer than 3"),  # 2, and the other class's 3 are not added
        ("skins", "decline"): (4, "4"),
        ("private_chat", "block_report"): (3, "3"),
        ("private_chat", "answer"): (None, "fewer than 3"),  # none at all looks the same as 1 or 2
    }
    assert [s["step"] for s in body["steps"]] == ["skins", "private_chat"]
    assert body["played"] is True


def test_a_story_not_played_reads_apart_from_one_played_by_a_few(web):
    teacher = web.new_teacher()
    class_id = teacher.new_class()["id"]
    base = f"/api/teacher/classes/{class_id}/scenarios/skins_new_app/choices?days=7"
    assert teacher.get(base).json()["played"] is False
    record_choice(web.database_url, class_id, "skins_new_app", "skins", "accept")
    body = teacher.get(base).json()
    assert body["played"] is True
    assert all(c["count"] is None for s in body["steps"] for c in s["choices"])  # one pupil's choice stays hidden
    assert all(c["title"] for s in body["steps"] for c in s["choices"])
    assert teacher.get(f"/api/teacher/classes/{class_id}/scenarios/nope/choices").status_code == 404
    assert teacher.get(f"/api/teacher/classes/{class_id}/scenarios/skins_new_app/choices?days=0").status_code == 400


def test_a_choice_row_holds_no_session_and_no_text(web):
    if not web.database_url.startswith("sqlite:///"):
        return  # the columns are the same on PostgreSQL (one model, one migration)
    record_choice(web.database_url, None, "free_skins", "gift", "ask_grown_up")
    db = sqlite3.connect(web.database_url[len("sqlite:///"):])
    columns = [row[1] for row in db.execute("pragma table_info(scenario_choices)")]
    assert columns == ["id", "class_id", "scenario", "step", "choice", "hour"]
    hours = [row[0] for row in db.execute("select hour from scenario_choices")]
    assert hours and all(h.endswith(":00:00.000000") or h.endswith(":00:00") for h in hours)
