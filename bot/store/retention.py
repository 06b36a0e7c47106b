"""Deleting what Kit no longer needs (`python -m bot purge`, safe from cron):
analytics and alerts past the retention period, ended teacher sessions, old
failed-login records."""
from __future__ import annotations

import datetime as dt
from typing import Dict

from sqlalchemy import delete, or_

from bot.store.clock import utc_now
from bot.store.db import session_for
from bot.store.models import LoginFailure, SafeguardingAlert, ScenarioChoice, TeacherSession, TopicEvent

FAILED_LOGINS_KEPT = dt.timedelta(days=1)


def purge(url: str, retention_days: int, session_idle: dt.timedelta, session_absolute: dt.timedelta) -> Dict[str, int]:
    now = utc_now()
    cutoff = now - dt.timedelta(days=retention_days)
    statements = {
        "topic_events": delete(TopicEvent).where(TopicEvent.hour < cutoff),
        "safeguarding_alerts": delete(SafeguardingAlert).where(SafeguardingAlert.hour < cutoff),
        "teacher_sessions": delete(TeacherSession).where(
            or_(TeacherSession.last_seen_at < now - session_idle, TeacherSession.created_at < now - session_absolute)
        ),
        "login_failures": delete(LoginFailure).where(LoginFailure.at < now - FAILED_LOGINS_KEPT),
        "scenario_choices": delete(ScenarioChoice).where(ScenarioChoice.hour < cutoff),
    }
    with session_for(url) as session, session.begin():
        return {table: session.execute(statement).rowcount for table, statement in statements.items()}
