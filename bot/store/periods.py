"""Reporting periods for topic counts: whole calendar weeks (Monday 00:00 to
Monday 00:00 UTC), each offered only once it is over and only while Kit still
keeps every day of it.

Why so rigid: with periods a teacher can choose ("the last 7 days", "the last
8 days") or a week still filling up, two answers differ by a few events, and
the difference is a small number the threshold was meant to hide (a count of
1 in the last hour, when one pupil was at the computer). Weeks that never
overlap, never change once shown and are never partly purged give nothing to
subtract. Longer periods made of weeks would bring the attack back (a month
minus its shown weeks is its hidden weeks), so there is one length only.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import List

ORIGIN = dt.datetime(2024, 1, 1)  # a Monday: buckets are calendar weeks
LENGTH = dt.timedelta(days=7)
# A turn recorded in a week's last moment may commit just after it ends; the
# week is shown only after that, so it never changes once a teacher has seen it.
SETTLE = dt.timedelta(hours=1)


@dataclass(frozen=True)
class Week:
    start: dt.datetime

    @property
    def end(self) -> dt.datetime:
        return self.start + LENGTH

    @property
    def id(self) -> str:
        """The Monday as YYYY-MM-DD: how the API names the week."""
        return self.start.date().isoformat()

    def as_json(self) -> dict:
        return {"start": self.id, "end": (self.end - dt.timedelta(days=1)).date().isoformat()}


def week_of(moment: dt.datetime) -> Week:
    return Week(ORIGIN + LENGTH * ((moment - ORIGIN) // LENGTH))


def reportable_weeks(now: dt.datetime, retention_days: int) -> List[Week]:
    """Newest first: weeks that are over (and settled) and wholly inside the
    retention period, so the purge has not taken part of them."""
    kept_since = now - dt.timedelta(days=retention_days)
    week = week_of(now - SETTLE - LENGTH)
    weeks = []
    while week.start >= kept_since:
        weeks.append(week)
        week = Week(week.start - LENGTH)
    return weeks
