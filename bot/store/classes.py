"""Classes and their join codes; a teacher reaches only their own (an admin, all)."""
from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from typing import List, Optional

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.store.clock import utc_now
from bot.store.db import session_for
from bot.store.models import SchoolClass
from bot.store.teachers import TeacherIdentity

# Easy to read aloud and to type: no 0/O, 1/I/L, 2/Z, 5/S, 8/B, 6/G.
CODE_ALPHABET = "ACDEFHJKMNPQRTUVWXY3479"
CODE_LENGTH = 8  # 23 ** 8 codes: guessing one of 1,000 at the limit takes years (tests/web/test_class_codes.py)


@dataclass(frozen=True)
class ClassView:
    id: int
    name: str
    age_band: str
    code: str
    closed: bool


def _view(found: SchoolClass) -> ClassView:
    return ClassView(found.id, found.name, found.age_band, found.code, found.closed_at is not None)


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(text: str) -> str:
    """What a pupil types, as stored: spaces and dashes dropped, upper case."""
    return re.sub(r"[^0-9A-Za-z]", "", text).upper()


def _with_fresh_code(url: str, change) -> ClassView:
    """Runs change(session, code) with a new code, trying again on the rare clash."""
    for _ in range(5):
        try:
            with session_for(url) as session, session.begin():
                return change(session, new_code())
        except IntegrityError:
            continue
    raise RuntimeError("could not find a free class code")


def create_class(url: str, teacher: TeacherIdentity, name: str, age_band: str) -> ClassView:
    def add(session: Session, code: str) -> ClassView:
        found = SchoolClass(name=name, age_band=age_band, code=code, teacher_id=teacher.id, created_at=utc_now())
        session.add(found)
        session.flush()
        return _view(found)

    return _with_fresh_code(url, add)


def _owned(session: Session, teacher: TeacherIdentity, class_id: int) -> Optional[SchoolClass]:
    query = select(SchoolClass).where(SchoolClass.id == class_id)
    if not teacher.is_admin:
        query = query.where(SchoolClass.teacher_id == teacher.id)
    return session.execute(query).scalar_one_or_none()


def owned_class(url: str, teacher: TeacherIdentity, class_id: int) -> Optional[ClassView]:
    with session_for(url) as session:
        found = _owned(session, teacher, class_id)
        return _view(found) if found else None


def list_classes(url: str, teacher: TeacherIdentity) -> List[ClassView]:
    query = select(SchoolClass).order_by(SchoolClass.closed_at.isnot(None), SchoolClass.name, SchoolClass.id)
    if not teacher.is_admin:
        query = query.where(SchoolClass.teacher_id == teacher.id)
    with session_for(url) as session:
        return [_view(found) for found in session.execute(query).scalars()]


def rotate_code(url: str, teacher: TeacherIdentity, class_id: int) -> Optional[ClassView]:
    """A new code (the old one stops working); reopens a closed class."""

    def rotate(session: Session, code: str) -> Optional[ClassView]:
        found = _owned(session, teacher, class_id)
        if found is None:
            return None
        found.code, found.closed_at = code, None
        session.flush()
        return _view(found)

    return _with_fresh_code(url, rotate)


def close_class(url: str, teacher: TeacherIdentity, class_id: int) -> Optional[ClassView]:
    with session_for(url) as session, session.begin():
        found = _owned(session, teacher, class_id)
        if found is None:
            return None
        found.closed_at = found.closed_at or utc_now()
        return _view(found)


def find_class_by_code(url: str, code: str) -> Optional[ClassView]:
    with session_for(url) as session:
        found = session.execute(
            select(SchoolClass).where(SchoolClass.code == normalise_code(code))
        ).scalar_one_or_none()
        return _view(found) if found else None
