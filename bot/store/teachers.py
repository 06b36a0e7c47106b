"""Teacher accounts: argon2id password hashes, sign-in checks, who is signed in."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Optional

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select

from bot.store.clock import utc_now
from bot.store.db import session_for
from bot.store.models import Teacher

# OWASP's argon2id minimum (m=19 MiB, t=2, p=1): strong, yet quick on a small server.
HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 256
EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,189}\.[^@\s]+$")
# Checked when the email is unknown, so a wrong address costs as long as a wrong password.
_UNKNOWN_ACCOUNT_HASH = HASHER.hash("no such teacher, no such password")


class AccountError(ValueError):
    """A plain sentence saying why an account could not be created."""


@dataclass(frozen=True)
class TeacherIdentity:
    id: int
    email: str
    is_admin: bool
    is_dsl: bool = False  # designated safeguarding lead: the school's alert queue
    sees_alerts: bool = False  # a DSL let this teacher see alerts


def identity(teacher: Teacher) -> TeacherIdentity:
    return TeacherIdentity(teacher.id, teacher.email, bool(teacher.is_admin), bool(teacher.is_dsl),
                           bool(teacher.sees_alerts))


def normalise_email(email: str) -> str:
    return email.strip().lower()


def check_new_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"The password must be at least {MIN_PASSWORD_LENGTH} characters long.")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise AccountError(f"The password must be at most {MAX_PASSWORD_LENGTH} characters long.")
    if any(unicodedata.category(char) in ("Cc", "Cs") for char in password):
        raise AccountError("The password must not contain control characters (the sign-in page refuses them).")


def add_teacher(url: str, email: str, password: str, is_admin: bool = False, is_dsl: bool = False) -> TeacherIdentity:
    email = normalise_email(email)
    if not EMAIL.match(email) or len(email) > 254:
        raise AccountError("That does not look like an email address.")
    check_new_password(password)
    with session_for(url) as session, session.begin():
        if session.execute(select(Teacher.id).where(Teacher.email == email)).first():
            raise AccountError(f"A teacher with the email {email} already exists.")
        teacher = Teacher(email=email, password_hash=HASHER.hash(password), is_admin=is_admin, is_dsl=is_dsl,
                          created_at=utc_now())
        session.add(teacher)
        session.flush()
        return identity(teacher)


def check_password(url: str, email: str, password: str) -> Optional[TeacherIdentity]:
    """The teacher when email and password match, else None (same work either way)."""
    with session_for(url) as session, session.begin():
        teacher = session.execute(
            select(Teacher).where(Teacher.email == normalise_email(email))
        ).scalar_one_or_none()
        try:
            HASHER.verify(teacher.password_hash if teacher else _UNKNOWN_ACCOUNT_HASH, password)
        except (VerificationError, InvalidHashError):
            return None
        if teacher is None or teacher.disabled_at is not None:
            return None
        if HASHER.check_needs_rehash(teacher.password_hash):
            teacher.password_hash = HASHER.hash(password)
        return identity(teacher)
