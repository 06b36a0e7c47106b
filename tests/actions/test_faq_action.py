"""action_answer_faq: a sub-question's answer, and never the same answer twice in a row."""
from __future__ import annotations

from actions.faq import ActionAnswerFaq
from bot.follow_ups import answer_text
from bot.routes import mentioned_routes

from action_tracker import run, texts, tracker  # noqa: F401 (and the conftest's temp_database)

FAQ = {"topic": "privacy_security", "risk": "none", "faq": "account_private"}


async def test_a_sub_question_gets_its_answer_then_its_routes_and_is_remembered():
    messages, slots = await run(ActionAnswerFaq(), tracker("faq", FAQ))
    assert messages[0]["response"] == "utter_faq/account_private"
    assert mentioned_routes(texts(messages[1:])), "the routes follow the answer"
    assert slots["kit_said"] == ["faq:account_private"]


async def test_the_same_sub_question_straight_after_moves_on_to_the_next_step():
    t = tracker("faq", FAQ, {"topic": "privacy_security", "kit_said": ["faq:account_private"]})
    messages, slots = await run(ActionAnswerFaq(), t)
    assert "utter_faq/account_private" not in [m.get("response") for m in messages]
    assert messages[0]["text"] == answer_text("what_now:privacy_security", "11-13")
    assert mentioned_routes(texts(messages)), "still the routes"
    assert slots["kit_said"][-1] == "what_now:privacy_security"


async def test_the_same_sub_question_later_in_the_conversation_is_answered_again():
    t = tracker("faq", FAQ, {"kit_said": ["faq:account_private", "topic:cyberbullying"]})
    messages, _ = await run(ActionAnswerFaq(), t)
    assert messages[0]["response"] == "utter_faq/account_private"
