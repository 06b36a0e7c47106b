"""Database engine and sessions; SQLite by default, PostgreSQL via DATABASE_URL.

The first use of a URL in a process migrates it to the newest schema (Alembic),
so the launcher, the web app, the action server and the CLI all start on it.
"""
from __future__ import annotations

import functools
from pathlib import Path

from sqlalchemy import create_engine
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.store.migrate import upgrade_to_head


@functools.lru_cache(maxsize=None)
def engine_for(url: str) -> Engine:
    if url.startswith("sqlite:///"):
        Path(url[len("sqlite:///"):]).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, future=True, pool_pre_ping=True)
    upgrade_to_head(engine)
    return engine


def session_for(url: str) -> Session:
    return sessionmaker(engine_for(url), future=True)()
