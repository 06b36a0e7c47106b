"""What a teacher sees of a class: topic counts with small numbers suppressed,
and safeguarding alerts as a category and a coarse time window."""
from __future__ import annotations

import datetime as dt
from typing import Dict, List, Optional

from sqlalchemy import func, select

from bot.store.clock import utc_now
from bot.store.db import session_for
from bot.store.models import SafeguardingAlert, TopicEvent

# Age of an alert -> the words a teacher sees; the exact time is never shown.
TIME_WINDOWS = (
    (dt.timedelta(minutes=15), "in the last 15 minutes"),
    (dt.timedelta(hours=1), "in the last hour"),
    (dt.timedelta(hours=24), "in the last 24 hours"),
    (dt.timedelta(days=7), "in the last 7 days"),
)
OLDER = "more than a week ago"


def suppressed(topic: str, count: int, threshold: int) -> Dict:
    if count < threshold:
        return {"topic": topic, "count": None, "display": f"fewer than {threshold}"}
    return {"topic": topic, "count": count, "display": str(count)}


def topic_counts(url: str, class_id: int, days: int, threshold: int) -> List[Dict]:
    """Topics raised in the last `days` days. Suppressed rows come last, in
    alphabetical order, so their order says nothing about their size."""
    since = utc_now() - dt.timedelta(days=days)
    query = (
        select(TopicEvent.topic, func.count())
        .where(TopicEvent.class_id == class_id, TopicEvent.topic.isnot(None), TopicEvent.hour >= since)
        .group_by(TopicEvent.topic)
    )
    with session_for(url) as session:
        counts = dict(session.execute(query).all())
    shown = sorted((t for t in counts if counts[t] >= threshold), key=lambda t: (-counts[t], t))
    hidden = sorted(t for t in counts if counts[t] < threshold)
    return [suppressed(topic, counts[topic], threshold) for topic in shown + hidden]


def time_window(created_at: dt.datetime, now: dt.datetime) -> str:
    age = now - created_at
    for limit, words in TIME_WINDOWS:
        if age <= limit:
            return words
    return OLDER


def _alert_view(alert: SafeguardingAlert, now: dt.datetime) -> Dict:
    return {
        "id": alert.id,
        "category": alert.category,
        "time_window": time_window(alert.created_at, now),
        "acknowledged_by": alert.acknowledged_by,
        "acknowledged_at": alert.acknowledged_at.isoformat(timespec="minutes") + "Z" if alert.acknowledged_at else None,
    }


def class_alerts(url: str, class_id: int) -> List[Dict]:
    """Newest first: unacknowledged alerts, then acknowledged ones."""
    query = (
        select(SafeguardingAlert)
        .where(SafeguardingAlert.class_id == class_id)
        .order_by(SafeguardingAlert.acknowledged_at.isnot(None), SafeguardingAlert.created_at.desc(), SafeguardingAlert.id.desc())
    )
    now = utc_now()
    with session_for(url) as session:
        return [_alert_view(alert, now) for alert in session.execute(query).scalars()]


def acknowledge_alert(url: str, class_id: int, alert_id: int, by_email: str) -> Optional[Dict]:
    """Records who acknowledged and when; the first acknowledgement stands."""
    with session_for(url) as session, session.begin():
        alert = session.execute(
            select(SafeguardingAlert).where(SafeguardingAlert.id == alert_id, SafeguardingAlert.class_id == class_id)
        ).scalar_one_or_none()
        if alert is None:
            return None
        if alert.acknowledged_at is None:
            alert.acknowledged_by, alert.acknowledged_at = by_email, utc_now()
        return _alert_view(alert, utc_now())
