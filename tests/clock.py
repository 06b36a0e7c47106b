"""Times as the teacher API writes them, for tests that run across an hour."""
from __future__ import annotations

import datetime as dt
from typing import Set


def hours_since(start: dt.datetime) -> Set[str]:
    """Every hour from `start` (UTC) to now, as the API writes an alert's hour:
    an alert raised in between falls in one of them, even when the test runs
    across the hour (one hour's check alone fails at 10:59:59)."""
    hour = start.replace(minute=0, second=0, microsecond=0)
    hours = set()
    while hour <= dt.datetime.utcnow():
        hours.add(hour.strftime("%Y-%m-%dT%H:00Z"))
        hour += dt.timedelta(hours=1)
    return hours
