"""Throttling failed sign-ins per account and per address, across web replicas.

Rows hold a hash of the key (email or address), never the key itself.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from typing import Dict

from sqlalchemy import delete, func, select

from bot.store.clock import utc_now
from bot.store.db import session_for
from bot.store.models import LoginFailure


def key_hash(kind: str, value: str) -> str:
    return hashlib.sha256(f"{kind}:{value}".encode()).hexdigest()


def is_throttled(url: str, limits: Dict[str, int], window: dt.timedelta) -> bool:
    """limits maps a key hash to how many failures it may have in the window."""
    since = utc_now() - window
    with session_for(url) as session:
        for key, limit in limits.items():
            failures = session.execute(
                select(func.count()).select_from(LoginFailure).where(LoginFailure.key_hash == key, LoginFailure.at >= since)
            ).scalar_one()
            if failures >= limit:
                return True
    return False


def record_failure(url: str, *keys: str) -> None:
    now = utc_now()
    with session_for(url) as session, session.begin():
        session.add_all(LoginFailure(key_hash=key, at=now) for key in keys)


def forget_failures(url: str, key: str) -> None:
    with session_for(url) as session, session.begin():
        session.execute(delete(LoginFailure).where(LoginFailure.key_hash == key))
