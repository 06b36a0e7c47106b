"""Safeguarding alerts: category, the hour (never the minute), acknowledgement.
Topic counts and small numbers: test_small_numbers.py."""
from __future__ import annotations

import datetime as dt

from bot.store.db import session_for
from bot.store.events import record_turn
from bot.store.models import SafeguardingAlert, TopicEvent
from tests.clock import hours_since


def seed(web, class_id, topic, times, risk="none"):
    for _ in range(times):
        record_turn(web.database_url, class_id, topic, risk, "11-13")


def test_alerts_show_category_and_the_hour_and_acknowledging_records_who(web):
    teacher = web.new_teacher()
    class_id = teacher.new_class()["id"]
    started = dt.datetime.utcnow()
    seed(web, class_id, "sextortion", 1, risk="disclosure")
    seed(web, class_id, None, 1, risk="self_harm")
    seed(web, class_id, "gaming", 2)  # no risk, no alert
    alerts = teacher.get(f"/api/teacher/classes/{class_id}/alerts").json()
    assert sorted(a["category"] for a in alerts) == ["disclosure", "self_harm"]
    for alert in alerts:
        assert set(alert) == {"id", "category", "hour", "acknowledged_by", "acknowledged_at"}
        assert alert["hour"] in hours_since(started)
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


def test_an_alert_is_stored_with_the_hour_only(web):
    teacher = web.new_teacher()
    class_id = teacher.new_class()["id"]
    seed(web, class_id, "grooming", 1, risk="disclosure")
    with session_for(web.database_url) as session:
        stored = session.query(SafeguardingAlert).filter_by(class_id=class_id).one()
        assert (stored.hour.minute, stored.hour.second, stored.hour.microsecond) == (0, 0, 0)
        event = session.query(TopicEvent).filter_by(class_id=class_id).one()
        assert event.hour == stored.hour
