"""Sign-in throttling in the database, on SQLite and PostgreSQL: attempts are
counted and checked in one transaction, so parallel guesses cannot exceed the
limit, and past the free failures each attempt waits a growing, capped delay
(never a lockout an attacker can hold)."""
from __future__ import annotations

import datetime as dt
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from bot.store.db import engine_for, session_for
from bot.store.login_throttle import Policy, attempt_succeeded, key_hash, start_attempt
from bot.store.models import LoginFailure
from bot.store.teachers import add_teacher
from tests.teacher.server import PASSWORD

T0 = dt.datetime(2026, 12, 7, 9, 0)
POLICY = Policy(window=dt.timedelta(minutes=15), first_delay=10, max_delay=40)


def at(seconds: float) -> dt.datetime:
    return T0 + dt.timedelta(seconds=seconds)


def test_past_the_free_failures_each_attempt_waits_a_growing_delay_up_to_the_cap(empty_database):
    account = {key_hash("account", "a@school.example"): 2}
    tries = [(0, 0), (1, 0), (2, 9), (11, 0), (12, 19), (31, 0), (32, 39), (71, 0), (72, 39), (111, 0)]
    for second, wait in tries:
        attempt = start_attempt(empty_database, account, POLICY, now=at(second))
        assert (0 if attempt.allowed else attempt.wait_seconds) == wait, (second, attempt)
    later = start_attempt(empty_database, account, POLICY, now=at(111 + 15 * 60))  # the window has passed
    assert later.allowed


def test_a_success_forgets_the_account_and_its_own_attempt_but_not_other_failures(empty_database):
    account, address = key_hash("account", "b@school.example"), key_hash("address", "203.0.113.9")
    keys = {account: 1, address: 2}
    assert start_attempt(empty_database, keys, POLICY, now=at(0)).allowed  # a failure: stays counted
    assert not start_attempt(empty_database, keys, POLICY, now=at(1)).allowed
    right = start_attempt(empty_database, keys, POLICY, now=at(10))
    assert right.allowed
    attempt_succeeded(empty_database, right, account)
    assert stored(empty_database) == [(address, at(0))]  # the address keeps its first failure only
    assert start_attempt(empty_database, {account: 1}, POLICY, now=at(11)).allowed  # the account starts afresh


def stored(url):
    with session_for(url) as session:
        return [(row.key_hash, row.at) for row in session.query(LoginFailure).order_by(LoginFailure.id)]


def test_parallel_attempts_never_exceed_the_free_failures(empty_database):
    engine_for(empty_database)  # migrated before the race starts
    keys = {key_hash("account", "c@school.example"): 5}
    gate = threading.Barrier(15)

    def attempt(_):
        gate.wait()
        return start_attempt(empty_database, keys, POLICY, now=T0).allowed

    with ThreadPoolExecutor(max_workers=15) as pool:
        allowed = list(pool.map(attempt, range(15)))
    assert allowed.count(True) == 5, allowed


def test_15_parallel_wrong_passwords_over_http_are_not_all_evaluated(web):
    """The web fixture allows 3 failures per account."""
    email = f"race-{time.monotonic_ns()}@school.example"
    add_teacher(web.database_url, email, PASSWORD)
    gate = threading.Barrier(15)

    def wrong(_):
        client = web.anonymous()
        gate.wait()
        return client.login(email, "wrong password, wrong")[0]

    with ThreadPoolExecutor(max_workers=15) as pool:
        statuses = list(pool.map(wrong, range(15)))
    assert sorted(statuses) == [401] * 3 + [429] * 12, statuses
