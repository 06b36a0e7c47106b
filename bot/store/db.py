"""Database engine and sessions; SQLite by default, PostgreSQL via DATABASE_URL."""
from __future__ import annotations

import functools
from pathlib import Path

from sqlalchemy import create_engine
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.store.models import Base


@functools.lru_cache(maxsize=None)
def engine_for(url: str) -> Engine:
    if url.startswith("sqlite:///"):
        Path(url[len("sqlite:///"):]).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, future=True, pool_pre_ping=True)
    Base.metadata.create_all(engine)
    return engine


def session_for(url: str) -> Session:
    return sessionmaker(engine_for(url), future=True)()
