"""Fuzzing the running stack's pupil API from its own OpenAPI description.

Hypothesis generates request bodies, valid by the description and not (other
types, extra fields, broken JSON, odd Unicode), and sends them to the real web
app in front of real Rasa. Every answer must be a documented status with a body
of the documented shape, never a 5xx other than the documented 503, and come
within the timeout. Bounded: a fixed number of examples and a time budget.
"""
from __future__ import annotations

import json
import random
import time

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.stack import call

REQUEST_TIMEOUT = 30
BUDGET_SECONDS = 60
EXAMPLES = 60

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=12,
)
odd_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=60) | st.sampled_from([
    "", " ", "\u200b", "\u202e\u0000", "ｉ ａｍ ｓｃａｒｅｄ", "/safe_no", "/choose_age_band{\"age_band\":\"99\"}",
    "x" * 1001, "ﬁ" * 999, "\ufeff\u2060hello", "😀" * 300,
])


@pytest.fixture(scope="module")
def api(stack):
    status, _, description = call("GET", stack.url + "/api/openapi.json")
    assert status == 200 and description["openapi"].startswith("3.")
    sessions = [stack.start_session(band)[0] for band in ("8-10", "11-13", "14-18")]
    return {"url": stack.url, "doc": description, "sessions": sessions, "started": time.monotonic()}


def check_documented(api, path: str, status: int, body: dict) -> None:
    responses = api["doc"]["paths"][path]["post"]["responses"]
    assert str(status) in responses, (path, status, body)
    response = responses[str(status)]
    if "$ref" in response:
        response = api["doc"]["components"]["responses"][response["$ref"].rsplit("/", 1)[1]]
    schema = response["content"]["application/json"]["schema"]
    jsonschema.validate(body, dict(schema, components=api["doc"]["components"]))


def send(api, path: str, body=None, raw: bytes = None):
    assert time.monotonic() - api["started"] < BUDGET_SECONDS * 3, "fuzzing ran far over its budget"
    started = time.monotonic()
    status, _, reply = call("POST", api["url"] + path, body, raw, timeout=REQUEST_TIMEOUT)
    assert time.monotonic() - started < REQUEST_TIMEOUT
    check_documented(api, path, status, reply)
    return status, reply


fuzz = settings(max_examples=EXAMPLES, deadline=None, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

session_bodies = st.one_of(
    st.fixed_dictionaries({}, optional={"age_band": st.sampled_from(["8-10", "11-13", "14-18"]),
                                        "class_code": st.text(min_size=1, max_size=32)}),
    st.dictionaries(st.sampled_from(["age_band", "class_code", "session", "text"]), json_values, max_size=3),
    json_values,
)


@fuzz
@given(body=session_bodies)
def test_session_start_answers_every_body_as_documented(api, body):
    status, reply = send(api, "/api/session", body)
    if isinstance(body, dict) and body.get("age_band") in ("8-10", "11-13", "14-18") and "class_code" not in body:
        assert status == 200, reply


@fuzz
@given(data=st.data(), text=odd_text, kind=st.sampled_from(["known", "unknown", "wrong-type", "any"]))
def test_chat_answers_every_body_as_documented(api, data, text, kind):
    if kind == "known":
        body = {"session": random.choice(api["sessions"]), "text": text}
    elif kind == "unknown":
        body = {"session": data.draw(st.text(max_size=200)), "text": text}
    elif kind == "wrong-type":
        body = {"session": data.draw(json_values), "text": data.draw(json_values)}
    else:
        body = data.draw(json_values)
    status, reply = send(api, "/api/chat", body)
    if status == 200:
        assert reply["replies"], body


@fuzz
@given(raw=st.binary(max_size=300) | st.text(max_size=200).map(str.encode))
def test_raw_bytes_never_break_the_api(api, raw):
    for path in ("/api/session", "/api/chat"):
        send(api, path, raw=raw)


def nested(depth: int, shape: str) -> bytes:
    if shape == "list":
        return b"[" * depth + b"]" * depth
    if shape == "object":
        return b'{"a":' * depth + b"1" + b"}" * depth
    return b'{"session": "x", "text": "hi", "age_band": ' + b"[" * depth + b"]" * depth + b"}"  # deep inside


@fuzz
@given(depth=st.integers(min_value=1, max_value=8000), shape=st.sampled_from(["list", "object", "inside"]))
def test_any_nesting_depth_is_answered_as_documented(api, depth, shape):
    for path in ("/api/session", "/api/chat"):
        status, reply = send(api, path, raw=nested(depth, shape))
        assert status < 500, (path, depth, shape, reply)


# Digits other than 0-9 ("\u00b2", Arabic-Indic, full-width, mathematical): int() and isdigit() disagree on them.
unicode_digits = st.text(st.characters(whitelist_categories=("Nd", "No")), min_size=1, max_size=8)


@fuzz
@given(digits=unicode_digits, field=st.sampled_from(["age_band", "class_code", "session", "text"]))
def test_unicode_digits_in_any_field_are_answered_as_documented(api, digits, field):
    for path in ("/api/session", "/api/chat"):
        body = {"session": random.choice(api["sessions"]), "text": "hello", "age_band": "11-13", field: digits}
        status, reply = send(api, path, body)
        assert status < 500, (path, body, reply)


def test_an_oversized_body_is_413_and_documented(api):
    status, reply = send(api, "/api/chat", raw=json.dumps({"session": "x", "text": "y" * 40_000}).encode())
    assert status == 413


def test_look_alike_letters_and_hidden_characters_still_reach_the_safety_screen(api, stack):
    from bot.routes import mentioned_routes
    for text in ("ｉ ｗａｎｔ ｔｏ ｋｉｌｌ ｍｙｓｅｌｆ", "i want to ki\u200bll my\u2060self"):
        session, _ = stack.start_session("14-18")
        status, reply = send(api, "/api/chat", {"session": session, "text": text})
        routes = mentioned_routes("\n".join(r["text"] for r in reply["replies"]))
        assert status == 200 and {"childline", "samaritans"} & set(routes), (text, reply)
