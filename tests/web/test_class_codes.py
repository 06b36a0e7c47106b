"""Class codes against guessing and flooding, on the real web app process.

One address may check only so many wrong class codes a minute; unknown and
closed codes look the same; a valid code cannot be used to pour sessions (and
so alerts) into a class. The arithmetic test shows why codes are 8 characters.
"""
from __future__ import annotations

import uuid

import pytest

from bot.settings import Settings
from bot.store.classes import CODE_ALPHABET, CODE_LENGTH, close_class, create_class
from bot.store.teachers import add_teacher
from tests.stack import call, start_web

GUESS_BURST = 5
LIVE_CLASSES = 1_000
SCHOOL_YEAR_MINUTES = 365 * 24 * 60  # a calendar year: stricter than ~190 school days


def default(name: str):
    return Settings.__dataclass_fields__[name].default


def test_guessing_one_of_1000_live_codes_at_the_limit_takes_over_a_school_year():
    space = len(CODE_ALPHABET) ** CODE_LENGTH  # 23 ** 8 = 78,310,985,281
    expected_guesses = (space + 1) / (LIVE_CLASSES + 1)  # random guesses without repeats, to the first hit
    minutes = expected_guesses / default("code_guess_rate_per_minute")  # the burst is spent only once
    # 78.2 million guesses at 10 a minute: about 7.8 million minutes, 14.9 years.
    assert minutes > SCHOOL_YEAR_MINUTES, f"{minutes / SCHOOL_YEAR_MINUTES:.2f} years"


@pytest.fixture(scope="module")
def web(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("codes")
    running = start_web(workdir, {  # behind one proxy, as documented: addresses from X-Forwarded-For
        "SANIC_PROXIES_COUNT": "1",
        "KIT_RATE_NEW_SESSIONS_PER_CLASS_PER_MINUTE": "1", "KIT_RATE_NEW_SESSIONS_PER_CLASS_BURST": "4",
    })
    running.database_url = f"sqlite:///{workdir / 'kit.db'}"
    yield running
    running.stop()


def a_class(web, closed: bool = False):
    teacher = add_teacher(web.database_url, f"t-{uuid.uuid4().hex[:8]}@school.example", "correct horse battery staple")
    made = create_class(web.database_url, teacher, "7B", "11-13")
    if closed:
        close_class(web.database_url, teacher, made.id)
    return made


def start(web, code, address="203.0.113.7"):
    return call("POST", web.url + "/api/session", {"age_band": "11-13", "class_code": code},
                headers={"X-Forwarded-For": address})


def join_page(web, code):
    import urllib.error
    import urllib.request
    try:
        with urllib.request.urlopen(f"{web.url}/join/{code}", timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_unknown_and_closed_codes_look_the_same(web):
    closed = a_class(web, closed=True)
    unknown = "".join(reversed(closed.code))
    status_closed, _, body_closed = start(web, closed.code)
    status_unknown, _, body_unknown = start(web, unknown)
    assert status_closed == status_unknown == 400
    assert body_closed == body_unknown and "Childline" in body_closed["error"]
    page_closed, page_unknown = join_page(web, closed.code), join_page(web, unknown)
    assert page_closed == page_unknown and page_closed[0] == 200


def test_one_address_gets_only_the_burst_of_wrong_guesses_then_no_answer_says_whether_a_code_exists(tmp_path):
    web = start_web(tmp_path, {"KIT_RATE_CODE_GUESSES_PER_MINUTE": "1", "KIT_RATE_CODE_GUESSES_BURST": str(GUESS_BURST)})
    try:
        web.database_url = f"sqlite:///{tmp_path / 'kit.db'}"
        live = a_class(web)
        assert start(web, live.code)[0] == 200  # a right code costs no guess
        guesses = [join_page(web, f"WRONG{i:03d}")[0] for i in range(GUESS_BURST)]
        guesses += [start(web, f"WRONG{i:03d}")[0] for i in range(GUESS_BURST)]
        assert guesses == [200] * GUESS_BURST + [429] * GUESS_BURST, guesses
        status, page = join_page(web, live.code)  # the live code is refused too: no oracle
        assert status == 429 and 'data-class-code=""' in page and "0800 1111" in page
        status, _, body = start(web, live.code)
        assert status == 429 and "Childline" in body["error"]
    finally:
        web.stop()


def test_a_valid_code_cannot_pour_new_sessions_into_one_class(web):
    live = a_class(web)
    answers = [start(web, live.code, address=f"198.51.100.{i}")[0] for i in range(6)]
    assert answers[:4] == [200] * 4 and answers[4:] == [429, 429], answers
    other = a_class(web)
    assert start(web, other.code)[0] == 200  # other classes are unaffected


def test_one_address_cannot_open_sessions_without_end(tmp_path):
    web = start_web(tmp_path, {"KIT_RATE_NEW_SESSIONS_PER_ADDRESS_PER_MINUTE": "1",
                               "KIT_RATE_NEW_SESSIONS_PER_ADDRESS_BURST": "3"})
    try:
        answers = [call("POST", web.url + "/api/session", {"age_band": "8-10"})[0] for _ in range(4)]
        assert answers == [200, 200, 200, 429]
    finally:
        web.stop()
