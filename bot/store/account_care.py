"""Looking after teacher accounts: an admin's password reset, a teacher changing
their own password, disabling and enabling an account, and the DSL deciding
which teachers also see alerts. Each change of password or disabling ends the
account's sessions, so a lost or shared password stops working at once."""
from __future__ import annotations

from typing import Dict, List, Optional

from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bot.store.clock import utc_now
from bot.store.db import session_for
from bot.store.models import Teacher, TeacherSession
from bot.store.teachers import HASHER, AccountError, check_new_password, normalise_email

NO_SUCH_TEACHER = "There is no teacher with the email {email}."


def _by_email(session: Session, email: str) -> Teacher:
    teacher = session.execute(select(Teacher).where(Teacher.email == normalise_email(email))).scalar_one_or_none()
    if teacher is None:
        raise AccountError(NO_SUCH_TEACHER.format(email=normalise_email(email)))
    return teacher


def _end_sessions(session: Session, teacher_id: int, keep_token_hash: Optional[str] = None) -> None:
    query = delete(TeacherSession).where(TeacherSession.teacher_id == teacher_id)
    if keep_token_hash:
        query = query.where(TeacherSession.token_hash != keep_token_hash)
    session.execute(query)


def reset_password(url: str, email: str, password: str) -> str:
    """An admin's reset from the command line; signs the teacher out everywhere."""
    check_new_password(password)
    with session_for(url) as session, session.begin():
        teacher = _by_email(session, email)
        teacher.password_hash = HASHER.hash(password)
        _end_sessions(session, teacher.id)
        return teacher.email


def change_own_password(url: str, teacher_id: int, current: str, new: str, keep_token_hash: str) -> None:
    """The signed-in teacher's own change: needs the current password; the
    teacher's other sessions end, this one stays."""
    check_new_password(new)
    with session_for(url) as session, session.begin():
        teacher = session.get(Teacher, teacher_id)
        try:
            HASHER.verify(teacher.password_hash, current)
        except (VerificationError, InvalidHashError):
            raise AccountError("Your current password is not right.") from None
        teacher.password_hash = HASHER.hash(new)
        _end_sessions(session, teacher.id, keep_token_hash)


def set_disabled(url: str, email: str, disabled: bool) -> str:
    """A disabled account cannot sign in and its sessions end; its classes stay."""
    with session_for(url) as session, session.begin():
        teacher = _by_email(session, email)
        teacher.disabled_at = (teacher.disabled_at or utc_now()) if disabled else None
        if disabled:
            _end_sessions(session, teacher.id)
        return teacher.email


def set_dsl(url: str, email: str, is_dsl: bool) -> str:
    with session_for(url) as session, session.begin():
        teacher = _by_email(session, email)
        teacher.is_dsl = is_dsl
        return teacher.email


def staff(url: str) -> List[Dict]:
    """Every account, for the DSL's "who sees alerts" list: email and roles only."""
    with session_for(url) as session:
        teachers = session.execute(select(Teacher).order_by(Teacher.email)).scalars()
        return [
            {"id": t.id, "email": t.email, "is_admin": bool(t.is_admin), "is_dsl": bool(t.is_dsl),
             "sees_alerts": bool(t.sees_alerts or t.is_dsl), "disabled": t.disabled_at is not None}
            for t in teachers
        ]


def set_sees_alerts(url: str, teacher_id: int, sees: bool) -> Optional[Dict]:
    """The DSL's choice; a DSL always sees alerts."""
    with session_for(url) as session, session.begin():
        teacher = session.get(Teacher, teacher_id)
        if teacher is None:
            return None
        teacher.sees_alerts = sees
    return next(row for row in staff(url) if row["id"] == teacher_id)
