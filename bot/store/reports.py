"""What a teacher sees of a class: topic counts per calendar week with small
numbers suppressed, and safeguarding alerts as a category and the hour."""
from __future__ import annotations

import datetime as dt
from typing import Dict, List, Optional

from sqlalchemy import func, select

from bot.store.clock import utc_now
from bot.store.db import session_for
from bot.store.models import SafeguardingAlert, TopicEvent
from bot.store.periods import Week

# The row that stands for every topic below the threshold, when together they reach it.
OTHER_TOPICS = "other_topics"


def shown_topics(counts: Dict[str, int], threshold: int) -> List[Dict]:
    """Topics at or above the threshold, biggest first. A topic below it is not
    named at all (a class made for one pupil would otherwise list that pupil's
    topics); together they are one "other topics" row, only when that row is
    itself at or above the threshold."""
    shown = sorted((t for t in counts if counts[t] >= threshold), key=lambda t: (-counts[t], t))
    rows = [{"topic": topic, "count": counts[topic], "display": str(counts[topic])} for topic in shown]
    other = sum(n for n in counts.values() if n < threshold)
    if other >= threshold:
        rows.append({"topic": OTHER_TOPICS, "count": other, "display": str(other)})
    return rows


def topic_counts(url: str, class_id: int, week: Week, threshold: int) -> List[Dict]:
    """Topics raised in one calendar week (bot/store/periods.py)."""
    query = (
        select(TopicEvent.topic, func.count())
        .where(TopicEvent.class_id == class_id, TopicEvent.topic.isnot(None),
               TopicEvent.hour >= week.start, TopicEvent.hour < week.end)
        .group_by(TopicEvent.topic)
    )
    with session_for(url) as session:
        return shown_topics(dict(session.execute(query).all()), threshold)


def iso_minutes(moment: Optional[dt.datetime]) -> Optional[str]:
    """A stored UTC time as the API gives it, to the minute (None stays None)."""
    return moment.isoformat(timespec="minutes") + "Z" if moment else None


def _alert_view(alert: SafeguardingAlert) -> Dict:
    return {
        "id": alert.id,
        "category": alert.category,
        "hour": iso_minutes(alert.hour),  # the start of the hour: all Kit keeps of when
        "acknowledged_by": alert.acknowledged_by,
        "acknowledged_at": iso_minutes(alert.acknowledged_at),
    }


def class_alerts(url: str, class_id: int) -> List[Dict]:
    """Newest first: unacknowledged alerts, then acknowledged ones."""
    query = (
        select(SafeguardingAlert)
        .where(SafeguardingAlert.class_id == class_id)
        .order_by(SafeguardingAlert.acknowledged_at.isnot(None), SafeguardingAlert.hour.desc(), SafeguardingAlert.id.desc())
    )
    with session_for(url) as session:
        return [_alert_view(alert) for alert in session.execute(query).scalars()]


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
        return _alert_view(alert)
