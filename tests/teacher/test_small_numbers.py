"""Small numbers never identify a pupil. A topic raised fewer than the
threshold times in a week is not named at all (a class made for one pupil
would otherwise show that pupil's topics); together such topics are one
"other topics" row, only when that row reaches the threshold itself. Periods
are whole calendar weeks, shown once over, so comparing two answers (two
periods, or the same period later) recovers nothing the threshold hid."""
from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from bot.store.db import session_for
from bot.store.events import record_turn
from bot.store.models import TopicEvent


def add_events(url, class_id, topic, hour, times):
    with session_for(url) as session, session.begin():
        session.add_all(TopicEvent(class_id=class_id, topic=topic, risk="none", age_band="11-13", hour=hour)
                        for _ in range(times))


def monday(text):
    return dt.datetime.fromisoformat(text)


def every_answer(teacher, class_id):
    """Everything the API will say about a class's topics: each week it offers, as JSON and CSV."""
    base = f"/api/teacher/classes/{class_id}"
    first = teacher.get(base + "/topics")
    assert first.status_code == 200, first.text
    answers = [first.json()]
    for week in first.json()["weeks"]:
        answers.append(teacher.get(base + "/topics", params={"week": week["start"]}).json())
        answers.append(teacher.get(base + "/topics.csv", params={"week": week["start"]}).text)
    return answers


def test_weeks_are_whole_finished_calendar_weeks_inside_the_retention_period(web):
    teacher = web.new_teacher()
    body = teacher.get(f"/api/teacher/classes/{teacher.new_class()['id']}/topics").json()
    now = dt.datetime.utcnow()
    starts = [monday(w["start"]) for w in body["weeks"]]
    assert body["week"] == body["weeks"][0]
    assert all(start.weekday() == 0 for start in starts)
    assert all(a - b == dt.timedelta(days=7) for a, b in zip(starts, starts[1:]))  # no gaps, no overlaps
    assert starts[0] + dt.timedelta(days=7) <= now < starts[0] + dt.timedelta(days=14, hours=1)  # over, the newest
    assert now - dt.timedelta(days=90) <= starts[-1] < now - dt.timedelta(days=83)  # whole weeks still kept


def test_a_topic_below_the_threshold_is_not_named_at_all(web):
    teacher = web.new_teacher()
    class_id = teacher.new_class("Just Sam")["id"]
    week = monday(teacher.get(f"/api/teacher/classes/{class_id}/topics").json()["week"]["start"])
    add_events(web.database_url, class_id, "gaming", week + dt.timedelta(days=1, hours=9), 4)
    add_events(web.database_url, class_id, "grooming", week + dt.timedelta(days=2, hours=20), 1)
    add_events(web.database_url, class_id, "sextortion", week + dt.timedelta(days=3, hours=20), 1)
    body = teacher.get(f"/api/teacher/classes/{class_id}/topics").json()
    assert body["topics"] == [{"topic": "gaming", "count": 4, "display": "4"}]
    csv_text = teacher.get(f"/api/teacher/classes/{class_id}/topics.csv").text
    assert list(csv.reader(io.StringIO(csv_text))) == [["topic", "topic_id", "count", "suppressed", "shown_as"],
                                                       ["Gaming", "gaming", "4", "no", "4"]]
    assert "grooming" not in csv_text and "sextortion" not in csv_text and "fewer" not in csv_text


def test_small_topics_show_only_together_and_only_at_the_threshold(web):
    teacher = web.new_teacher()
    class_id = teacher.new_class()["id"]
    weeks = teacher.get(f"/api/teacher/classes/{class_id}/topics").json()["weeks"]
    last, before = monday(weeks[0]["start"]), monday(weeks[1]["start"])
    for topic, times in [("cyberbullying", 5), ("grooming", 1), ("sextortion", 2), ("meeting_up", 1)]:
        add_events(web.database_url, class_id, topic, last + dt.timedelta(hours=10), times)
    for topic, times in [("cyberbullying", 3), ("grooming", 1), ("sextortion", 1)]:
        add_events(web.database_url, class_id, topic, before + dt.timedelta(hours=10), times)
    assert teacher.get(f"/api/teacher/classes/{class_id}/topics").json()["topics"] == [
        {"topic": "cyberbullying", "count": 5, "display": "5"},
        {"topic": "other_topics", "count": 4, "display": "4"},
    ]
    assert teacher.get(f"/api/teacher/classes/{class_id}/topics", params={"week": weeks[1]["start"]}).json()["topics"] == [
        {"topic": "cyberbullying", "count": 3, "display": "3"},  # grooming and sextortion: 2 together, not shown
    ]


def test_the_subtraction_attack_recovers_nothing(web):
    """Two classes differ only by one grooming message last week, hidden by the
    threshold. Whatever a teacher asks, in whatever week, as JSON or CSV, and
    however long they wait while the class goes on chatting, both classes get
    the same answers: no sum or difference of them can tell the message apart."""
    teacher = web.new_teacher()
    with_it, without_it = teacher.new_class("9X")["id"], teacher.new_class("9Y")["id"]
    weeks = teacher.get(f"/api/teacher/classes/{with_it}/topics").json()["weeks"]
    last, before = monday(weeks[0]["start"]), monday(weeks[1]["start"])
    for class_id in (with_it, without_it):
        add_events(web.database_url, class_id, "grooming", before + dt.timedelta(days=4, hours=13), 3)
        add_events(web.database_url, class_id, "gaming", last + dt.timedelta(hours=9), 3)
    add_events(web.database_url, with_it, "grooming", last + dt.timedelta(days=6, hours=23), 1)

    seen = every_answer(teacher, with_it)
    assert seen == every_answer(teacher, without_it)
    for class_id in (with_it, without_it):  # the class chats on this week: nothing shown so far changes
        for _ in range(3):
            record_turn(web.database_url, class_id, "grooming", "none", "11-13")
    assert every_answer(teacher, with_it) == seen == every_answer(teacher, without_it)


@pytest.mark.parametrize("query,words", [
    ({"days": "7"}, "whole calendar weeks"),
    ({"days": "\u00b2"}, "whole calendar weeks"),
    ({"week": "2020-01-06"}, "'week'"),  # purged long ago
    ({"week": "\u0662\u0660\u0662\u0666-01-05"}, "'week'"),  # Arabic-Indic digits
    ({"week": ""}, "'week'"),
])
def test_a_period_that_is_not_an_offered_week_gets_a_400_sentence(web, query, words):
    teacher = web.new_teacher()
    class_id = teacher.new_class()["id"]
    today = dt.datetime.utcnow().date()
    this_monday = today - dt.timedelta(days=today.weekday())
    for suffix in ("topics", "topics.csv", "scenarios/skins_new_app/choices"):  # a story's choices as topics
        for asked in (query, {"week": this_monday.isoformat()}):  # this week is not over yet
            response = teacher.get(f"/api/teacher/classes/{class_id}/{suffix}", params=asked)
            assert response.status_code == 400, (asked, response.text)
            assert (words if asked is query else "'week'") in response.json()["error"]
