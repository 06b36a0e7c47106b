"""What the class asks about (small numbers suppressed, also as CSV) and
safeguarding alerts (category, coarse time window, acknowledgement)."""
from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from bot.store.db import session_for
from bot.store.events import record_turn
from bot.store.models import SafeguardingAlert, TopicEvent
from bot.store.reports import time_window


def seed(web, class_id, topic, times, risk="none"):
    for _ in range(times):
        record_turn(web.database_url, class_id, topic, risk, "11-13")


def test_topic_counts_below_three_are_suppressed(web):
    teacher = web.new_teacher()
    class_id = teacher.new_class()["id"]
    seed(web, class_id, "cyberbullying", 4)
    seed(web, class_id, "gaming", 3)
    seed(web, class_id, "sextortion", 2)
    seed(web, class_id, "grooming", 1)
    seed(web, None, "gaming", 5)  # pupils outside any class never count for a class
    response = teacher.get(f"/api/teacher/classes/{class_id}/topics?days=7")
    assert response.status_code == 200
    assert response.json()["topics"] == [
        {"topic": "cyberbullying", "count": 4, "display": "4"},
        {"topic": "gaming", "count": 3, "display": "3"},
        {"topic": "grooming", "count": None, "display": "fewer than 3"},
        {"topic": "sextortion", "count": None, "display": "fewer than 3"},
    ]


def test_the_period_chooses_which_events_count(web):
    teacher = web.new_teacher()
    class_id = teacher.new_class()["id"]
    seed(web, class_id, "livestreaming", 3)
    old_hour = (dt.datetime.utcnow() - dt.timedelta(days=10)).replace(minute=0, second=0, microsecond=0)
    with session_for(web.database_url) as session, session.begin():
        session.add_all(TopicEvent(class_id=class_id, topic="livestreaming", risk="none", age_band="11-13", hour=old_hour)
                        for _ in range(2))
    week = teacher.get(f"/api/teacher/classes/{class_id}/topics?days=7").json()["topics"]
    month = teacher.get(f"/api/teacher/classes/{class_id}/topics?days=30").json()["topics"]
    assert week == [{"topic": "livestreaming", "count": 3, "display": "3"}]
    assert month == [{"topic": "livestreaming", "count": 5, "display": "5"}]


@pytest.mark.parametrize("days", ["0", "-1", "abc", "366", "7.5", ""])
def test_a_bad_period_gets_a_400_sentence(web, days):
    teacher = web.new_teacher()
    class_id = teacher.new_class()["id"]
    for suffix in ("topics", "topics.csv"):
        response = teacher.get(f"/api/teacher/classes/{class_id}/{suffix}", params={"days": days})
        assert response.status_code == 400 and "days" in response.json()["error"]


def test_the_csv_has_the_same_suppressed_numbers(web):
    teacher = web.new_teacher()
    class_id = teacher.new_class()["id"]
    seed(web, class_id, "privacy_security", 5)
    seed(web, class_id, "meeting_up", 1)
    response = teacher.get(f"/api/teacher/classes/{class_id}/topics.csv?days=30")
    assert response.status_code == 200 and response.headers["Content-Type"].startswith("text/csv")
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.text)))
    assert rows == [["topic", "topic_id", "count", "suppressed", "shown_as"],
                    ["Privacy and account security", "privacy_security", "5", "no", "5"],
                    ["Meeting people from online", "meeting_up", "", "yes", "fewer than 3"]]


def test_alerts_show_category_and_time_window_and_acknowledging_records_who(web):
    teacher = web.new_teacher()
    class_id = teacher.new_class()["id"]
    seed(web, class_id, "sextortion", 1, risk="disclosure")
    seed(web, class_id, None, 1, risk="self_harm")
    seed(web, class_id, "gaming", 2)  # no risk, no alert
    alerts = teacher.get(f"/api/teacher/classes/{class_id}/alerts").json()
    assert sorted(a["category"] for a in alerts) == ["disclosure", "self_harm"]
    for alert in alerts:
        assert set(alert) == {"id", "category", "time_window", "acknowledged_by", "acknowledged_at"}
        assert alert["time_window"] == "in the last 15 minutes"
        assert alert["acknowledged_by"] is None and alert["acknowledged_at"] is None
    first = alerts[0]["id"]
    response = teacher.post(f"/api/teacher/classes/{class_id}/alerts/{first}/acknowledge")
    assert response.status_code == 200
    assert response.json()["acknowledged_by"] == teacher.identity.email
    acknowledged_at = dt.datetime.fromisoformat(response.json()["acknowledged_at"].rstrip("Z"))
    assert abs(dt.datetime.utcnow() - acknowledged_at) < dt.timedelta(minutes=2)
    after = teacher.get(f"/api/teacher/classes/{class_id}/alerts").json()
    assert after[-1]["id"] == first and after[-1]["acknowledged_by"] == teacher.identity.email  # handled ones go last


def test_an_alert_from_another_class_cannot_be_acknowledged_through_mine(web):
    teacher = web.new_teacher()
    mine, theirs = teacher.new_class()["id"], web.new_teacher().new_class()["id"]
    seed(web, theirs, None, 1, risk="danger")
    with session_for(web.database_url) as session:
        alert_id = session.query(SafeguardingAlert).filter_by(class_id=theirs).one().id
    response = teacher.post(f"/api/teacher/classes/{mine}/alerts/{alert_id}/acknowledge")
    assert response.status_code == 404 and "error" in response.json()
    assert teacher.get(f"/api/teacher/classes/{mine}/alerts").json() == []


@pytest.mark.parametrize("age,words", [
    (dt.timedelta(minutes=3), "in the last 15 minutes"),
    (dt.timedelta(minutes=40), "in the last hour"),
    (dt.timedelta(hours=5), "in the last 24 hours"),
    (dt.timedelta(days=3), "in the last 7 days"),
    (dt.timedelta(days=30), "more than a week ago"),
])
def test_time_windows_are_coarse(age, words):
    now = dt.datetime(2026, 11, 23, 12, 0)
    assert time_window(now - age, now) == words
