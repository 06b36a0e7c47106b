"""The token bucket behind the 429s, with a clock the test moves (time is the boundary)."""
from __future__ import annotations

from bot.web import ratelimit
from bot.web.ratelimit import TokenBucket


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_burst_then_refill_at_the_set_rate():
    clock = Clock()
    bucket = TokenBucket(per_minute=30, burst=3, clock=clock)
    assert [bucket.allow("s") for _ in range(4)] == [True, True, True, False]
    clock.now += 1.9  # 30 a minute = one token every 2 s
    assert not bucket.allow("s")
    clock.now += 0.2
    assert bucket.allow("s") and not bucket.allow("s")
    clock.now += 3600  # refills to the burst, never beyond
    assert [bucket.allow("s") for _ in range(4)] == [True, True, True, False]


def test_keys_are_independent_and_memory_stays_bounded(monkeypatch):
    monkeypatch.setattr(ratelimit, "MAX_KEYS", 100)
    clock = Clock()
    bucket = TokenBucket(per_minute=60, burst=1, clock=clock)
    assert bucket.allow("a") and not bucket.allow("a") and bucket.allow("b")
    for i in range(1000):
        clock.now += 0.001
        bucket.allow(f"flood{i}")
    assert len(bucket._buckets) <= 100
