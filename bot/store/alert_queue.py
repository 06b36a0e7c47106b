"""The designated safeguarding lead's school-wide alert queue: every class's
alerts as category, class, the hour and state (new, seen, acted on)
with who moved it on. Alerts never held a pupil's words; nor does the queue.

Also which alerts the DSLs have not yet been emailed about: claimed row by row,
so two web replicas never email about the same alert twice."""
from __future__ import annotations

from typing import Dict, List, Optional, Sequence

from sqlalchemy import select, update

from bot.store.clock import utc_now
from bot.store.db import session_for
from bot.store.models import SafeguardingAlert, SchoolClass, Teacher
from bot.store.reports import iso_minutes
from bot.store.teachers import TeacherIdentity

NEW, SEEN, ACTED = "new", "seen", "acted"
STATES = (NEW, SEEN, ACTED)


def alert_state(alert: SafeguardingAlert) -> str:
    if alert.acted_at is not None:
        return ACTED
    return SEEN if alert.acknowledged_at is not None else NEW


def _queue_view(alert: SafeguardingAlert, class_name: Optional[str]) -> Dict:
    return {
        "id": alert.id,
        "category": alert.category,
        "class_name": class_name,
        "hour": iso_minutes(alert.hour),  # the start of the hour: all Kit keeps of when
        "state": alert_state(alert),
        "seen_by": alert.acknowledged_by,
        "seen_at": iso_minutes(alert.acknowledged_at),
        "acted_by": alert.acted_by,
        "acted_at": iso_minutes(alert.acted_at),
    }


def school_alerts(url: str, limit: int = 200) -> List[Dict]:
    """New first, then seen, then acted on; newest first within each."""
    query = (
        select(SafeguardingAlert, SchoolClass.name)
        .outerjoin(SchoolClass, SchoolClass.id == SafeguardingAlert.class_id)
        .order_by(SafeguardingAlert.acted_at.isnot(None), SafeguardingAlert.acknowledged_at.isnot(None),
                  SafeguardingAlert.hour.desc(), SafeguardingAlert.id.desc())
        .limit(limit)
    )
    with session_for(url) as session:
        return [_queue_view(alert, name) for alert, name in session.execute(query).all()]


def move_alert(url: str, alert_id: int, state: str, by_email: str) -> Optional[Dict]:
    """Marks an alert seen or acted on (acting on it also marks it seen); the
    first person to do each stands."""
    now = utc_now()
    with session_for(url) as session, session.begin():
        row = session.execute(
            select(SafeguardingAlert, SchoolClass.name)
            .outerjoin(SchoolClass, SchoolClass.id == SafeguardingAlert.class_id)
            .where(SafeguardingAlert.id == alert_id)
        ).first()
        if row is None:
            return None
        alert, class_name = row
        if alert.acknowledged_at is None:
            alert.acknowledged_by, alert.acknowledged_at = by_email, now
        if state == ACTED and alert.acted_at is None:
            alert.acted_by, alert.acted_at = by_email, now
        return _queue_view(alert, class_name)


def dsl_emails(url: str) -> List[str]:
    """The enabled DSL accounts' addresses."""
    with session_for(url) as session:
        return list(session.execute(
            select(Teacher.email).where(Teacher.is_dsl.is_(True), Teacher.disabled_at.is_(None)).order_by(Teacher.email)
        ).scalars())


def claim_unemailed(url: str, limit: int = 100) -> List[int]:
    """Alerts no DSL was emailed about, marked as emailed now. A row another
    replica claimed first is skipped (its UPDATE matched nothing)."""
    now = utc_now()
    with session_for(url) as session, session.begin():
        waiting = session.execute(
            select(SafeguardingAlert.id).where(SafeguardingAlert.emailed_at.is_(None))
            .order_by(SafeguardingAlert.id).limit(limit)
        ).scalars().all()
    claimed = []
    for alert_id in waiting:
        with session_for(url) as session, session.begin():
            result = session.execute(
                update(SafeguardingAlert)
                .where(SafeguardingAlert.id == alert_id, SafeguardingAlert.emailed_at.is_(None))
                .values(emailed_at=now)
            )
            if result.rowcount == 1:
                claimed.append(alert_id)
    return claimed


def unclaim(url: str, alert_ids: Sequence[int]) -> None:
    """The email could not be sent: try again on the next round."""
    if alert_ids:
        with session_for(url) as session, session.begin():
            session.execute(update(SafeguardingAlert).where(SafeguardingAlert.id.in_(list(alert_ids)))
                            .values(emailed_at=None))


def sees_class_alerts(url: str, teacher: TeacherIdentity) -> bool:
    """A class teacher keeps topic counts; alerts go to the DSLs, who decide who
    else sees them. A school with no (enabled) DSL yet shows each class's
    alerts to its teacher, as before there were DSLs, so no alert goes unseen."""
    return teacher.is_dsl or teacher.sees_alerts or not dsl_emails(url)
