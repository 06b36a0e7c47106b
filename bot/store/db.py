"""Database engine and sessions; SQLite by default, PostgreSQL via DATABASE_URL.

The first use of a URL in a process migrates it to the newest schema (Alembic),
so the launcher, the web app, the action server and the CLI all start on it.
"""
from __future__ import annotations

import functools
import logging
import os
from pathlib import Path

from sqlalchemy import create_engine
from sqlalchemy.engine import make_url
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.store.migrate import upgrade_to_head


logger = logging.getLogger(__name__)


def private_sqlite_file(path: Path) -> None:
    """Creates the SQLite file readable by Kit's user only (0600; SQLite gives
    its journal and WAL files the same mode), in a 0700 folder when it makes
    one, and tightens a file an older Kit left readable to others."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))  # never truncates
    if path.stat().st_mode & 0o077:
        try:
            os.chmod(path, 0o600)
        except PermissionError:
            logger.warning("kit: %s is readable by other users and not Kit's to change; chmod 600 it", path)


@functools.lru_cache(maxsize=None)
def engine_for(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        private_sqlite_file(Path(parsed.database))
    engine = create_engine(url, future=True, pool_pre_ping=True)
    upgrade_to_head(engine)
    return engine


def session_for(url: str) -> Session:
    return sessionmaker(engine_for(url), future=True)()
