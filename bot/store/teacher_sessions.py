"""Signed-in teacher sessions, in the database so every web replica sees them.

The cookie carries a random token; the database keeps only its SHA-256.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Optional

from sqlalchemy import delete, select

from bot.store.clock import utc_now
from bot.store.db import session_for
from bot.store.models import Teacher, TeacherSession
from bot.store.teachers import TeacherIdentity, identity


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def open_session(url: str, teacher_id: int) -> str:
    token = secrets.token_urlsafe(32)  # 256 bits
    now = utc_now()
    with session_for(url) as session, session.begin():
        session.add(TeacherSession(token_hash=token_hash(token), teacher_id=teacher_id, created_at=now, last_seen_at=now))
    return token


def find_session(url: str, token: str, idle: dt.timedelta, absolute: dt.timedelta) -> Optional[TeacherIdentity]:
    """The signed-in teacher, or None when the session is unknown or timed out."""
    now = utc_now()
    with session_for(url) as session, session.begin():
        row = session.execute(
            select(TeacherSession, Teacher)
            .join(Teacher, Teacher.id == TeacherSession.teacher_id)
            .where(TeacherSession.token_hash == token_hash(token))
        ).first()
        if row is None:
            return None
        teacher_session, teacher = row
        if (now - teacher_session.last_seen_at > idle or now - teacher_session.created_at > absolute
                or teacher.disabled_at is not None):
            session.delete(teacher_session)
            return None
        teacher_session.last_seen_at = now
        return identity(teacher)


def close_session(url: str, token: str) -> None:
    with session_for(url) as session, session.begin():
        session.execute(delete(TeacherSession).where(TeacherSession.token_hash == token_hash(token)))
