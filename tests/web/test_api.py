"""The public HTTP contract (DESIGN.md), against the real running web app."""
from __future__ import annotations

import json

import pytest

from bot.routes import mentioned_routes
from tests.stack import get, post


def all_text(replies) -> str:
    return "\n".join(r["text"] for r in replies)


def test_a_session_with_an_age_band_greets_and_offers_topics(stack):
    session, replies = stack.start_session("8-10")
    assert len(session) >= 24
    assert replies and any(r.get("buttons") for r in replies)
    titles = [b["title"] for r in replies for b in r.get("buttons", [])]
    assert "Someone is being unkind online" in titles  # the 8-10 wording


def test_without_an_age_band_kit_asks_for_one_with_buttons(stack):
    _, replies = stack.start_session(None)
    payloads = [b["payload"] for r in replies for b in r.get("buttons", [])]
    assert any("8-10" in p for p in payloads) and any("14-18" in p for p in payloads)


def test_pressing_an_age_band_button_changes_the_wording(stack):
    session, replies = stack.start_session(None)
    payload = next(b["payload"] for r in replies for b in r.get("buttons", []) if "14-18" in b["payload"])
    status, body = stack.chat(session, payload)
    assert status == 200
    titles = [b["title"] for r in body["replies"] for b in r.get("buttons", [])]
    assert "Cyberbullying" in titles


@pytest.mark.parametrize("band", ["8-10", "11-13", "14-18"])
def test_a_topic_question_gets_an_answer_and_routes_in_every_band(stack, band):
    session, _ = stack.start_session(band)
    status, body = stack.chat(session, "people keep leaving mean comments on everything i post")
    assert status == 200
    routes = mentioned_routes(all_text(body["replies"]))
    assert "platform_report" in routes and "trusted_adult" in routes
    assert "ceop" not in routes  # CEOP does not handle bullying


def test_a_typed_slash_command_is_treated_as_text(stack):
    session, _ = stack.start_session("11-13")
    status, body = stack.chat(session, '/choose_age_band{"age_band":"99"}')
    assert status == 200 and body["replies"]


BAD_INPUT = [
    ("/api/session", None, b"{not json", 400),
    ("/api/session", None, b"[1, 2]", 400),
    ("/api/session", {"age_band": "12"}, None, 400),
    ("/api/session", {"age_band": "11-13", "class_code": "NOPE42"}, None, 400),
    ("/api/session", {"age_band": "11-13", "class_code": 7}, None, 400),
    ("/api/chat", None, b"{broken", 400),
    ("/api/chat", {"text": "hi"}, None, 400),
    ("/api/chat", {"session": "x" * 32}, None, 400),
    ("/api/chat", {"session": "not-a-real-session", "text": "hi"}, None, 404),
    ("/api/chat", {"session": 5, "text": "hi"}, None, 400),
]


@pytest.mark.parametrize("path,body,raw,status", BAD_INPUT)
def test_bad_input_gets_a_4xx_with_a_plain_sentence(stack, path, body, raw, status):
    got_status, reply = post(stack.url + path, body, raw)
    assert got_status == status
    assert set(reply) == {"error"} and reply["error"].endswith(".")
    assert "Traceback" not in reply["error"]


def test_empty_whitespace_and_non_string_text_are_rejected(stack):
    session, _ = stack.start_session("11-13")
    for text in ["", "   \n ", None, 42]:
        status, reply = stack.chat(session, text)
        assert status == 400 and "error" in reply


def test_over_long_text_gets_413_and_the_session_still_works(stack):
    session, _ = stack.start_session("11-13")
    status, reply = stack.chat(session, "a" * 1001)
    assert status == 413 and "1000" in reply["error"]
    status, body = stack.chat(session, "hello")
    assert status == 200 and body["replies"]


def test_unknown_paths_and_methods_answer_json_errors(stack):
    status, _, body = get(stack.url + "/api/nothing-here")
    assert status == 404 and "error" in json.loads(body)
    status, _, body = get(stack.url + "/api/chat")
    assert status == 405 and "error" in json.loads(body)


def test_healthz_reports_every_part_up(stack):
    status, _, body = get(stack.url + "/healthz")
    assert status == 200
    assert json.loads(body)["parts"] == {"web": "up", "rasa": "up", "actions": "up"}


def test_demo_page_and_widget_are_served_with_security_headers(stack):
    status, headers, html = get(stack.url + "/")
    assert status == 200 and "widget.js" in html
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "unsafe-inline" not in headers["Content-Security-Policy"]
    status, _, script = get(stack.url + "/widget.js")
    assert status == 200 and "0800 1111" in script
