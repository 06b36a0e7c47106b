"""Abuse limits: in-memory token buckets per pupil session and per client address.

Each web replica keeps its own buckets (a pupil sticks to few replicas, and a
limit per replica is still a limit). Buckets hold only a key and two numbers;
idle, full buckets are dropped so memory stays bounded.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Callable, Dict

from bot.web import help_text
from bot.web.errors import ApiError

MAX_KEYS = 100_000


@dataclass
class Bucket:
    tokens: float
    updated: float


class TokenBucket:
    """`burst` requests at once, refilled at `per_minute` requests a minute."""

    def __init__(self, per_minute: float, burst: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = per_minute / 60.0
        self.burst = float(burst)
        self.clock = clock
        self._buckets: Dict[str, Bucket] = {}

    def allow(self, key: str) -> bool:
        now = self.clock()
        bucket = self._buckets.get(key)
        if bucket is None:
            if len(self._buckets) >= MAX_KEYS:
                self._forget_full(now)
            bucket = self._buckets[key] = Bucket(self.burst, now)
        bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.updated) * self.rate)
        bucket.updated = now
        if bucket.tokens < 1:
            return False
        bucket.tokens -= 1
        return True

    def _forget_full(self, now: float) -> None:
        refill = self.burst / self.rate if self.rate else float("inf")
        for key in [k for k, b in self._buckets.items() if now - b.updated >= refill]:
            del self._buckets[key]
        if len(self._buckets) >= MAX_KEYS:  # still full of active keys: drop the oldest
            oldest = sorted(self._buckets, key=lambda k: self._buckets[k].updated)
            for key in oldest[: len(oldest) // 10 + 1]:
                del self._buckets[key]


class RateLimits:
    def __init__(self, settings) -> None:
        self.by_session = TokenBucket(settings.session_rate_per_minute, settings.session_rate_burst)
        self.by_address = TokenBucket(settings.address_rate_per_minute, settings.address_rate_burst)
        self.slow_down = help_text.message("slow_down", settings.locale)

    def check_address(self, address: str) -> None:
        if not self.by_address.allow(address):
            raise ApiError(self.slow_down, 429)

    def check_session(self, session_id: str) -> None:
        if not self.by_session.allow(session_id):
            raise ApiError(self.slow_down, 429)
