"""Abuse limits: in-memory token buckets per pupil session, class and client address.

A whole school is one address (and behind a proxy, so is everyone the proxy
forwards without SANIC_PROXIES_COUNT), so the address is never the only key:
messages are limited per session, new sessions per class as well as per
address, and the per-address ceiling is sized for a school assembly. Only
wrong class codes are counted per address alone: that is what guessing costs.

Each web replica keeps its own buckets (a pupil sticks to few replicas, and a
limit per replica is still a limit). Buckets hold only a key and two numbers;
idle, full buckets are dropped so memory stays bounded.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Callable, Dict, Optional

from sanic.request import Request

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

    def give_back(self, key: str) -> None:
        """Returns the token a request took when it turned out not to count."""
        bucket = self._buckets.get(key)
        if bucket is not None:
            bucket.tokens = min(self.burst, bucket.tokens + 1)

    def _forget_full(self, now: float) -> None:
        refill = self.burst / self.rate if self.rate else float("inf")
        for key in [k for k, b in self._buckets.items() if now - b.updated >= refill]:
            del self._buckets[key]
        if len(self._buckets) >= MAX_KEYS:  # still full of active keys: drop the oldest
            oldest = sorted(self._buckets, key=lambda k: self._buckets[k].updated)
            for key in oldest[: len(oldest) // 10 + 1]:
                del self._buckets[key]


def client_address(request: Request) -> str:
    """The client's address (from the proxy headers Sanic is told to trust)."""
    return request.remote_addr or request.ip or "unknown"


class RateLimits:
    def __init__(self, settings) -> None:
        self.by_session = TokenBucket(settings.session_rate_per_minute, settings.session_rate_burst)
        self.by_address = TokenBucket(settings.address_rate_per_minute, settings.address_rate_burst)
        self.new_by_address = TokenBucket(
            settings.new_sessions_per_address_per_minute, settings.new_sessions_per_address_burst
        )
        self.new_by_class = TokenBucket(settings.new_sessions_per_class_per_minute, settings.new_sessions_per_class_burst)
        self.code_guesses = TokenBucket(settings.code_guess_rate_per_minute, settings.code_guess_burst)
        self.slow_down = help_text.message("slow_down", settings.locale)

    def _check(self, bucket: TokenBucket, key: str) -> None:
        if not bucket.allow(key):
            raise ApiError(self.slow_down, 429)

    def check_address(self, address: str) -> None:
        self._check(self.by_address, address)

    def check_session(self, session_id: str) -> None:
        self._check(self.by_session, session_id)

    def check_new_session(self, address: str, class_id: Optional[int]) -> None:
        """The class first: a flood into one class must not also spend the school's address."""
        if class_id is not None:
            self._check(self.new_by_class, str(class_id))
        self._check(self.new_by_address, address)
