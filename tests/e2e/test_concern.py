"""End to end: risk is judged on the conversation, not the message (issue 18).

After a disclosure, whatever the pupil says next (a retraction, a secrecy
question, a new subject) is answered for what it is, and the routes for the
concern stay in view; a pupil in danger reads 999 first every time.
"""
from __future__ import annotations

import sqlite3

import pytest

from bot.routes import mentioned_routes

SEXTORTION = "someone has my pics and says he'll send them to my whole school unless i pay him £200"


def text_of(body) -> str:
    return "\n".join(r["text"] for r in body["replies"])


def alerts_since(stack, before: int):
    return [row[0] for row in sqlite3.connect(stack.database).execute(
        "select category from safeguarding_alerts where id > ? order by id", (before,))]


def last_alert_id(stack) -> int:
    return sqlite3.connect(stack.database).execute(
        "select coalesce(max(id), 0) from safeguarding_alerts").fetchone()[0]


@pytest.mark.parametrize("follow_up", [
    "jk lol",
    "nvm forget it",
    "pls dont tell my teacher",
    "will my parents have to find out",
    "anyway whats the best minecraft seed",
    "thanks",
    "hello?",
    "how do i block someone on snapchat",
    "what can you help me with",
])
def test_after_a_disclosure_every_reply_keeps_the_routes(stack, follow_up):
    session, _ = stack.start_session("14-18")
    stack.chat(session, SEXTORTION)
    status, body = stack.chat(session, follow_up)
    reply = text_of(body)
    assert status == 200
    assert {"ceop", "childline"} <= set(mentioned_routes(reply)), reply
    assert "didn't get that" not in reply.lower() and "no pressure" not in reply.lower()


def test_a_retraction_is_answered_kindly_and_the_alert_stays(stack):
    session, _ = stack.start_session("11-13")
    before = last_alert_id(stack)
    stack.chat(session, SEXTORTION)
    raised = alerts_since(stack, before)
    _, body = stack.chat(session, "jk i was lying")
    assert "not in trouble" in text_of(body)
    assert alerts_since(stack, before) == raised and raised  # kept, and none added for "jk"


def test_secrecy_is_answered_honestly(stack):
    session, _ = stack.start_session("14-18")
    stack.chat(session, "my uncle touches me when he babysits")
    _, body = stack.chat(session, "will my parents have to find out")
    reply = text_of(body)
    assert "safeguarding lead" in reply and "no name" in reply
    assert {"childline", "trusted_adult"} <= set(mentioned_routes(reply))


def test_a_typed_no_after_are_you_safe_gets_the_safety_reply_again(stack):
    session, _ = stack.start_session("14-18")
    stack.chat(session, SEXTORTION)
    _, body = stack.chat(session, "no")
    reply = text_of(body)
    assert "Are you safe right now?" in reply and "Happy to carry on" not in reply
    assert {"ceop", "childline"} <= set(mentioned_routes(reply))


def test_a_later_message_never_lowers_the_concern(stack):
    session, _ = stack.start_session("14-18")
    stack.chat(session, "i want to kill myself")
    stack.chat(session, "also my uncle touches me")
    stack.chat(session, "thanks")
    _, body = stack.chat(session, "/safe_unsure")
    assert {"samaritans", "childline"} <= set(mentioned_routes(text_of(body)))


def test_in_danger_999_leads_every_following_reply(stack):
    session, _ = stack.start_session("11-13")
    _, first = stack.chat(session, "hes on the video call right now telling me to take my top off")
    assert "police_999" in mentioned_routes(first["replies"][0]["text"])
    _, next_reply = stack.chat(session, "nvm")
    assert "police_999" in mentioned_routes(next_reply["replies"][0]["text"])


@pytest.mark.parametrize("then", ["i already took them", "its too late now"])
def test_after_self_harm_talk_saying_it_is_done_gets_999_first_and_a_danger_alert(stack, then):
    session, _ = stack.start_session("14-18")
    stack.chat(session, "i dont want to be here anymore, ive got my mums tablets")
    before = last_alert_id(stack)
    _, body = stack.chat(session, then)
    assert "police_999" in mentioned_routes(body["replies"][0]["text"])
    assert {"samaritans", "childline"} <= set(mentioned_routes(text_of(body)))
    assert alerts_since(stack, before) == ["danger"]


def test_after_a_disclosure_the_person_outside_now_gets_999_first_and_a_danger_alert(stack):
    """The message alone reads as harmless ("hes outside my school"); after the
    disclosure it says the person it was about is here (dev_m-c02's family)."""
    session, _ = stack.start_session("14-18")
    stack.chat(session, "been talking to this guy off telegram, hes 21 and says im more mature than girls my age")
    before = last_alert_id(stack)
    _, body = stack.chat(session, "wait hes literally outside my school now in a black car")
    assert "police_999" in mentioned_routes(body["replies"][0]["text"])
    assert "ceop" in mentioned_routes(text_of(body))
    assert alerts_since(stack, before) == ["danger"]
    _, calm = stack.chat(session, "my mum is picking me up now so i can tell her")
    assert "police_999" in mentioned_routes(calm["replies"][0]["text"])  # the danger stays in view


@pytest.mark.parametrize("text,categories", [
    ("my step dad comes into my room at night and touches me", ["known_person_abuse"]),
    (SEXTORTION, ["sextortion"]),
    ("i took a whole packet of paracetamol about an hour ago", ["danger"]),  # one alert, the most urgent
])
def test_the_alert_names_the_situation_never_the_words(stack, text, categories):
    session, _ = stack.start_session("14-18")
    before = last_alert_id(stack)
    stack.chat(session, text)
    assert alerts_since(stack, before) == categories
