"""The store keeps naive UTC datetimes (the same on SQLite and PostgreSQL)."""
from __future__ import annotations

import datetime as dt


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
