"""A whole school behind one address: a 300-pupil assembly at 30 messages a
second is served without a 429, while one session flooding is still stopped.

The web app runs alone (Rasa absent, so every chat gets the emergency reply,
which is quick): this measures Kit's own limits, not the model's speed.
"""
from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

from bot.settings import RATE_LIMIT_ENV, Settings
from tests.stack import TEST_ADDRESS_LIMITS, call, start_web

PUPILS = 300
RATE = 30  # messages a second from the one address
SECONDS = 10


def production_limits() -> dict:
    """The shipped defaults instead of the roomy ones tests/stack.py gives every test."""
    assert set(TEST_ADDRESS_LIMITS) <= set(RATE_LIMIT_ENV.values())
    return {env: str(Settings.__dataclass_fields__[name].default) for name, env in RATE_LIMIT_ENV.items()}


def paced(requests, rate: float, worker):
    """Sends requests[i] at start + i / rate (threads, so a slow answer does not slow the pace)."""
    started = time.monotonic()

    def one(indexed):
        i, item = indexed
        time.sleep(max(0.0, started + i / rate - time.monotonic()))
        return worker(item)

    with ThreadPoolExecutor(max_workers=64) as pool:
        return list(pool.map(one, enumerate(requests)))


def test_an_assembly_from_one_address_is_served_and_one_flooding_session_is_stopped(tmp_path):
    web = start_web(tmp_path, production_limits())
    try:
        started = paced(range(PUPILS), RATE, lambda _: call("POST", web.url + "/api/session", {"age_band": "11-13"}))
        assert [status for status, _, _ in started].count(200) == PUPILS, {s for s, _, _ in started}
        sessions = [body["session"] for _, _, body in started]
        messages = [sessions[i % PUPILS] for i in range(RATE * SECONDS)]
        began = time.monotonic()
        answers = paced(messages, RATE, lambda s: call("POST", web.url + "/api/chat", {"session": s, "text": "hello"})[0])
        took = time.monotonic() - began
        assert answers.count(429) == 0 and answers.count(200) == len(messages), {a: answers.count(a) for a in set(answers)}
        assert took < SECONDS * 1.5, f"{len(messages)} messages took {took:.1f}s"
        flood = [call("POST", web.url + "/api/chat", {"session": sessions[0], "text": "hi"})[0] for _ in range(30)]
        assert 429 in flood and flood.count(200) <= Settings.__dataclass_fields__["session_rate_burst"].default + 1
    finally:
        web.stop()
