"""A teacher starts a lesson story for a class and sees the class's choices as
counts per calendar week, none at a step where one is below the threshold, so
no subtraction (between weeks, between steps, or from how many played) gives a
hidden one away; CSRF and ownership guard it. Real web app and database; the
choices are written the way the action server writes them."""
from __future__ import annotations

import datetime as dt
import sqlite3

import yaml

from bot import scenarios
from bot.store.clock import utc_now
from bot.store.db import session_for
from bot.store.models import ScenarioChoice
from bot.store.periods import reportable_weeks
from bot.store.scenario_store import choice_counts, record_choice

STORY = "skins_new_app"


def add_choices(url, class_id, step, choice, hour, times, story=STORY):
    """Choices made at a given hour, as the action server records them then."""
    with session_for(url) as session, session.begin():
        session.add_all(ScenarioChoice(class_id=class_id, scenario=story, step=step, choice=choice, hour=hour)
                        for _ in range(times))


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


def last_week(teacher, class_id):
    """An hour in the newest week the API offers (the last one that is over)."""
    body = teacher.get(f"/api/teacher/classes/{class_id}/scenarios/{STORY}/choices").json()
    return dt.datetime.fromisoformat(body["week"]["start"]) + dt.timedelta(days=2, hours=10)


def test_choices_are_counted_per_step_and_a_step_with_a_small_number_shows_none(web):
    teacher = web.new_teacher()
    created = teacher.new_class("Year 8 Ravens", "11-13")
    class_id = created["id"]
    other_class = teacher.new_class("Year 8 Crows", "11-13")["id"]
    hour = last_week(teacher, class_id)
    add_choices(web.database_url, class_id, "skins", "decline", hour, 4)
    add_choices(web.database_url, class_id, "skins", "accept", hour, 3)
    add_choices(web.database_url, class_id, "private_chat", "block_report", hour, 3)
    add_choices(web.database_url, other_class, "skins", "accept", hour, 3)

    response = teacher.get(f"/api/teacher/classes/{class_id}/scenarios/{STORY}/choices")
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["id"], body["threshold"]) == (STORY, 3)
    assert body["week"] == body["weeks"][0] and dt.datetime.fromisoformat(body["week"]["start"]).weekday() == 0
    counts = {(s["step"], c["choice"]): (c["count"], c["display"]) for s in body["steps"] for c in s["choices"]}
    assert counts == {
        ("skins", "accept"): (3, "3"),  # the other class's 3 are not added
        ("skins", "decline"): (4, "4"),
        # Nobody answered: below the threshold, so the 3 beside it goes too (7 played, a teacher may know).
        ("private_chat", "block_report"): (None, "not shown"),
        ("private_chat", "answer"): (None, "not shown"),
    }
    assert [(s["step"], s["hidden"]) for s in body["steps"]] == [("skins", False), ("private_chat", True)]
    assert [s["step"] for s in body["steps"]] == ["skins", "private_chat"]
    assert body["played"] is True
    older = teacher.get(f"/api/teacher/classes/{class_id}/scenarios/{STORY}/choices",
                        params={"week": body["weeks"][1]["start"]}).json()
    assert older["week"] == body["weeks"][1] and older["played"] is False  # last week's choices stay in their week


def test_a_story_not_played_reads_apart_from_one_played_by_a_few(web):
    teacher = web.new_teacher()
    class_id = teacher.new_class()["id"]
    base = f"/api/teacher/classes/{class_id}/scenarios/{STORY}/choices"
    assert teacher.get(base).json()["played"] is False
    add_choices(web.database_url, class_id, "skins", "accept", last_week(teacher, class_id), 1)
    body = teacher.get(base).json()
    assert body["played"] is True
    assert all(c["count"] is None for s in body["steps"] for c in s["choices"])  # one pupil's choice stays hidden
    assert all(c["title"] for s in body["steps"] for c in s["choices"])
    assert teacher.get(f"/api/teacher/classes/{class_id}/scenarios/nope/choices").status_code == 404


def test_choices_made_this_week_wait_until_it_is_over(web):
    teacher = web.new_teacher()
    class_id = teacher.new_class()["id"]
    for _ in range(5):
        record_choice(web.database_url, class_id, STORY, "skins", "decline")
    body = teacher.get(f"/api/teacher/classes/{class_id}/scenarios/{STORY}/choices").json()
    assert body["played"] is False and all(c["count"] is None for s in body["steps"] for c in s["choices"])


def test_a_choice_row_holds_no_session_and_no_text(web):
    if not web.database_url.startswith("sqlite:///"):
        return  # the columns are the same on PostgreSQL (one model, one migration)
    record_choice(web.database_url, None, "free_skins", "gift", "ask_grown_up")
    db = sqlite3.connect(web.database_url[len("sqlite:///"):])
    columns = [row[1] for row in db.execute("pragma table_info(scenario_choices)")]
    assert columns == ["id", "class_id", "scenario", "step", "choice", "hour"]
    hours = [row[0] for row in db.execute("select hour from scenario_choices")]
    assert hours and all(h.endswith(":00:00.000000") or h.endswith(":00:00") for h in hours)


def test_the_subtraction_attack_on_choices_recovers_nothing(web):
    """Two classes differ only by one pupil's "accept" the week before last,
    which the threshold hides. With rolling windows, "the last N days" minus
    "the last N-1 days" would give that pupil's choice and its day. Whatever a
    teacher asks, both classes get the same answers, and nothing shown changes
    while the class plays on this week."""
    teacher = web.new_teacher()
    with_it, without_it = teacher.new_class("9X", "14-18")["id"], teacher.new_class("9Y", "14-18")["id"]
    weeks = teacher.get(f"/api/teacher/classes/{with_it}/topics").json()["weeks"]
    last, before = (dt.datetime.fromisoformat(w["start"]) + dt.timedelta(days=3, hours=10) for w in weeks[:2])
    for class_id in (with_it, without_it):
        add_choices(web.database_url, class_id, "skins", "accept", last, 3)
        add_choices(web.database_url, class_id, "skins", "decline", before, 3)  # both classes played that week
    add_choices(web.database_url, with_it, "skins", "accept", before, 1)
    now = dt.datetime.utcnow()
    # Day windows that hold last week's three, and those plus the hidden one.
    windows = [(now - last).days + 1, (now - before).days + 1]

    def every_answer(class_id):
        base = f"/api/teacher/classes/{class_id}/scenarios/{STORY}/choices"
        answers = [(r.status_code, r.json()) for r in (teacher.get(base, params={"days": d}) for d in windows)]
        first = teacher.get(base)
        answers.append((first.status_code, first.json()))
        for week in first.json().get("weeks", []):
            answers.append(teacher.get(base, params={"week": week["start"]}).json())
        return answers

    seen = every_answer(with_it)
    assert seen == every_answer(without_it)
    for class_id in (with_it, without_it):  # the class plays on this week
        record_choice(web.database_url, class_id, STORY, "skins", "accept")
    assert every_answer(with_it) == seen == every_answer(without_it)


def recovered_across_steps(body):
    """What a teacher works out by subtracting between the steps of one answer.
    Every choice of skins_new_app leads to the next step, so the same pupils
    answer each step: a step showing all its counts says how many played, and
    at a step with one hidden choice, that number minus the counts shown there
    is the hidden one."""
    played = [sum(c["count"] for c in s["choices"]) for s in body["steps"]
              if all(c["count"] is not None for c in s["choices"])]
    found = {}
    for step in body["steps"]:
        hidden = [c["choice"] for c in step["choices"] if c["count"] is None]
        if played and len(hidden) == 1:
            found[(step["step"], hidden[0])] = played[0] - sum(c["count"] or 0 for c in step["choices"])
    return found


def test_one_steps_counts_do_not_give_away_a_hidden_choice_at_another_step(web):
    """Six pupils play the story: two take the skin (hidden), four decline, and
    at the next step three block and three answer. The second step says six
    played, so "six minus the four who declined" would give the two. Another
    class, the same but with one taking the skin, must get the same answers, so
    that neither that subtraction nor knowing how many pupils played (a
    teacher knows who was in the lesson) tells one from two."""
    teacher = web.new_teacher()
    two_took_it, one_took_it = (teacher.new_class(name, "11-13")["id"] for name in ("8A", "8B"))
    hour = last_week(teacher, two_took_it)
    for class_id, took_it in ((two_took_it, 2), (one_took_it, 1)):
        add_choices(web.database_url, class_id, "skins", "accept", hour, took_it)
        add_choices(web.database_url, class_id, "skins", "decline", hour, 6 - took_it)
        add_choices(web.database_url, class_id, "private_chat", "block_report", hour + dt.timedelta(hours=1), 3)
        add_choices(web.database_url, class_id, "private_chat", "answer", hour + dt.timedelta(hours=1), 3)

    def every_answer(class_id):
        base = f"/api/teacher/classes/{class_id}/scenarios/{STORY}/choices"
        first = teacher.get(base).json()
        return [first] + [teacher.get(base, params={"week": w["start"]}).json() for w in first["weeks"]]

    seen = every_answer(two_took_it)
    assert recovered_across_steps(seen[0]) == {}
    assert seen == every_answer(one_took_it)
    counts = {(s["step"], c["choice"]): c["count"] for s in seen[0]["steps"] for c in s["choices"]}
    assert counts[("private_chat", "block_report")] == counts[("private_chat", "answer")] == 3  # still shown


def branching_story(folder):
    """A story where each choice at the first step leads to its own step."""
    def step(text, *choices):
        return {"text": text, "choices": [{"id": choice, "title": choice.title(), "next": then,
                                           "feedback": "It is not your fault."} for choice, then in choices]}
    raw = {"id": "tell_or_keep", "topic": "grooming", "bands": ["11-13"], "title": "Tell or keep it", "start": "ask",
           "steps": {"ask": step("Someone asks you to keep a secret.", ("tell", "told"), ("keep", "kept")),
                     "told": step("You told someone.", ("adult", "the_end"), ("friend", "the_end")),
                     "kept": step("You kept it.", ("later", "the_end"), ("never", "the_end")),
                     "the_end": {"text": "Tell someone you trust.", "routes": ["trusted_adult", "childline"]}}}
    (folder / "tell_or_keep.yml").write_text(yaml.safe_dump(raw))
    story, _ = scenarios.parse(folder / "tell_or_keep.yml")
    assert not scenarios.structure_problems(story)
    return story


def test_in_a_story_whose_choices_branch_a_hidden_choice_hides_every_step(web, tmp_path):
    """Here a step's total is how many took the choice leading to it: 20 at
    "told" would give away the 2 who kept the secret (22 played, a teacher may
    know). Two classes of 22, one where 2 kept it and one where 1 did, must
    look the same."""
    story = branching_story(tmp_path)
    teacher = web.new_teacher()
    week = reportable_weeks(utc_now(), 90)[0]
    hour = week.start + dt.timedelta(days=1, hours=10)
    answers = []
    for kept, told_adult in ((2, 10), (1, 11)):
        class_id = teacher.new_class("9K", "11-13")["id"]
        for step, choice, times in (("ask", "tell", 22 - kept), ("ask", "keep", kept), ("told", "adult", told_adult),
                                    ("told", "friend", 10), ("kept", "later", 1), ("kept", "never", kept - 1)):
            add_choices(web.database_url, class_id, step, choice, hour, times, story=story.id)
        answers.append(choice_counts(web.database_url, class_id, story, "11-13", week, 3))
    assert answers[0] == answers[1]
    assert all(s["hidden"] and c["count"] is None for s in answers[0] for c in s["choices"])
