"""Throttling sign-ins per account and per address, across web replicas.

Each attempt is counted and checked in one transaction that holds a lock on
its keys, so parallel guesses cannot all pass the check before any is
counted. An attempt that goes ahead is stored as a failure at once and
forgotten if the password was right. Past a key's free failures in the
window, the next attempt must wait a delay that doubles with each failure, up
to a maximum: never a lockout, so someone who knows a teacher's email cannot
keep the teacher out for longer than that maximum.

Rows hold a hash of the key (email or address), never the key itself.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import math
from dataclasses import dataclass
from typing import Dict, Iterable, Optional, Tuple

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from bot.store.clock import utc_now
from bot.store.db import session_for
from bot.store.models import LoginFailure

MAX_DOUBLINGS = 30  # far past any maximum delay; keeps 2 ** n small


@dataclass(frozen=True)
class Policy:
    window: dt.timedelta  # failures older than this no longer count
    first_delay: float  # seconds after the last failure, once the free failures are used
    max_delay: float  # the delay doubles per failure up to this


@dataclass(frozen=True)
class Attempt:
    allowed: bool
    wait_seconds: int = 0  # when refused: how long until the next attempt may go ahead
    failure_ids: Tuple[int, ...] = ()  # when allowed: the rows counting it, until it succeeds


def key_hash(kind: str, value: str) -> str:
    return hashlib.sha256(f"{kind}:{value}".encode()).hexdigest()


def _lock(session: Session, keys: Iterable[str], since: dt.datetime) -> None:
    """Serialises attempts on these keys until the transaction ends. PostgreSQL:
    an advisory lock per key (in sorted order, so two attempts cannot deadlock).
    SQLite: the first write takes the database's write lock; that write drops
    the keys' expired failures, which also keeps the table small."""
    keys = sorted(keys)
    if session.get_bind().dialect.name == "postgresql":
        for key in keys:
            session.execute(select(func.pg_advisory_xact_lock(int(key[:15], 16))))
    session.execute(delete(LoginFailure).where(LoginFailure.key_hash.in_(keys), LoginFailure.at < since))


def _delay(failures: int, free: int, policy: Policy) -> float:
    if failures < free:
        return 0.0
    return min(policy.first_delay * 2 ** min(failures - free, MAX_DOUBLINGS), policy.max_delay)


def start_attempt(url: str, free_failures: Dict[str, int], policy: Policy,
                  now: Optional[dt.datetime] = None) -> Attempt:
    """free_failures maps a key hash to the failures it may have in the window without waiting."""
    now = now or utc_now()
    since = now - policy.window
    with session_for(url) as session, session.begin():
        _lock(session, free_failures, since)
        wait = 0.0
        for key, free in free_failures.items():
            failures, last = session.execute(
                select(func.count(), func.max(LoginFailure.at)).where(LoginFailure.key_hash == key, LoginFailure.at >= since)
            ).one()
            if failures >= free:
                wait = max(wait, (last - now).total_seconds() + _delay(failures, free, policy))
        if wait > 0:
            return Attempt(False, wait_seconds=math.ceil(wait))
        rows = [LoginFailure(key_hash=key, at=now) for key in free_failures]
        session.add_all(rows)
        session.flush()
        return Attempt(True, failure_ids=tuple(row.id for row in rows))


def attempt_succeeded(url: str, attempt: Attempt, account_key: str) -> None:
    """The right password: the attempt was no failure, and the account starts afresh."""
    with session_for(url) as session, session.begin():
        session.execute(delete(LoginFailure).where(LoginFailure.id.in_(attempt.failure_ids)))
        session.execute(delete(LoginFailure).where(LoginFailure.key_hash == account_key))
