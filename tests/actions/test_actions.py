"""Custom actions with rasa_sdk's Tracker and CollectingDispatcher (no server)."""
from __future__ import annotations

import sqlite3

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import ActionKitFallback, ActionNextSteps, ActionStartSession
from actions.safety import ActionRespondToRisk
from actions.signpost import ActionSignpost
from bot.follow_ups import answer_text
from bot.routes import mentioned_routes

from action_tracker import NO_DOMAIN, run, texts, tracker  # noqa: F401 (and the conftest's temp_database)


async def test_signpost_renders_the_topics_routes_from_data_and_buttons():
    messages, slots = await run(ActionSignpost(), tracker("cyberbullying", {"topic": "cyberbullying", "risk": "none"}))
    routes = mentioned_routes(texts(messages))
    assert {"platform_report", "trusted_adult"} <= set(routes)
    assert "ceop" not in routes
    assert messages[-1]["buttons"], "next-step buttons for a pupil who does not know what to type"
    assert slots.items() >= {"topic": "cyberbullying", "risk": "none"}.items()


async def test_routes_outside_the_age_band_are_left_out():
    t = tracker("harmful_content", {"topic": "harmful_content", "risk": "none"}, {"age_band": "8-10"})
    messages, _ = await run(ActionSignpost(), t)
    assert "report_harmful_content" not in mentioned_routes(texts(messages))  # a 13+ service
    # Report Remove is open to under-13s too (Childline's own page, issue 20).
    t = tracker("nudes_sharing", {"topic": "nudes_sharing", "risk": "none"}, {"age_band": "8-10"})
    assert "report_remove" in mentioned_routes(texts((await run(ActionSignpost(), t))[0]))


async def test_a_disclosure_follows_the_recipe_and_raises_an_alert(temp_database):
    t = tracker("risk_disclosure", {"topic": "sextortion", "risk": "disclosure"}, metadata={"class_id": 7})
    messages, slots = await run(ActionRespondToRisk(), t)
    names = [m.get("response") for m in messages]
    assert names[0] == "utter_disclosure_ack"
    assert "utter_sextortion_urgent" in names
    assert "utter_confidentiality_class" in names
    assert names[-1] == "utter_ask_safe_now"
    assert {"ceop", "report_remove", "childline"} <= set(mentioned_routes(texts(messages)))
    # The conversation now has a concern: later replies keep the routes.
    assert slots.items() >= {"topic": "sextortion", "risk": "disclosure", "risks": ["disclosure"], "concern": True}.items()
    rows = sqlite3.connect(temp_database).execute("select class_id, category from safeguarding_alerts").fetchall()
    assert rows == [(7, "sextortion")]  # the situation, never the words


async def test_danger_puts_999_first():
    t = tracker("risk_danger", {"topic": "meeting_up", "risk": "danger"})
    messages, _ = await run(ActionRespondToRisk(), t)
    assert messages[0]["response"] == "utter_danger_first"
    assert mentioned_routes(texts(messages))[0] == "police_999"
    assert "utter_confidentiality_general" in [m.get("response") for m in messages]


@pytest.mark.parametrize("band,expected", [("8-10", {"childline", "trusted_adult"}),
                                           ("14-18", {"childline", "shout", "samaritans", "papyrus"})])
async def test_self_harm_routes_fit_the_age_band(band, expected):
    t = tracker("risk_self_harm", {"topic": None, "risk": "self_harm"}, {"age_band": band})
    messages, _ = await run(ActionRespondToRisk(), t)
    assert messages[0]["response"] == "utter_self_harm_ack"
    assert expected <= set(mentioned_routes(texts(messages)))


async def test_a_database_fault_never_stops_the_safety_reply(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "sqlite:////nonexistent-dir/for/sure/kit.db")
    t = tracker("risk_danger", {"topic": None, "risk": "danger"})
    messages, _ = await run(ActionRespondToRisk(), t)
    assert "police_999" in mentioned_routes(texts(messages))


async def test_fallback_offers_topics_and_names_childline():
    messages, _ = await run(ActionKitFallback(), tracker("nlu_fallback"))
    assert messages[0]["buttons"]
    assert "childline" in mentioned_routes(texts(messages))


async def test_fallback_mid_topic_keeps_that_topics_help_in_view_not_a_menu():
    t = tracker("nlu_fallback", slots={"topic": "livestreaming"})
    messages, slots = await run(ActionKitFallback(), t)
    assert messages[0]["response"] == "utter_fallback_in_topic" and not messages[0].get("buttons")
    assert messages[1]["text"] == answer_text("what_now:livestreaming", "11-13")  # the next step, not "didn't get that"
    assert {"platform_report", "childline"} <= set(mentioned_routes(texts(messages)))
    assert slots.items() >= {"topic": "livestreaming", "kit_said": ["what_now:livestreaming"]}.items()


async def test_fallback_after_a_disclosure_never_switches_to_a_cheerful_topic_menu():
    t = tracker("nlu_fallback", slots={"topic": "grooming", "risk": "disclosure"})
    messages, _ = await run(ActionKitFallback(), t)
    assert not any(m.get("buttons") for m in messages)
    assert {"ceop", "childline"} <= set(mentioned_routes(texts(messages)))


async def test_feelings_mid_topic_get_a_kind_word_and_that_topics_routes():
    t = tracker("wellbeing", slots={"topic": "harmful_content"})
    messages, slots = await run(ActionNextSteps(), t)
    assert messages[0]["response"] == "utter_wellbeing"
    assert {"report_harmful_content", "trusted_adult", "childline"} <= set(mentioned_routes(texts(messages)))
    assert slots["topic"] == "harmful_content"


async def test_session_start_without_a_band_asks_for_one():
    messages, slots = await run(ActionStartSession(), tracker("start_session"))
    assert messages[0]["response"] == "utter_ask_age_band"
    assert len(messages[0]["buttons"]) == 3 and slots == {"emergency_number": "999"}


def first_route(messages):
    return mentioned_routes(texts(messages).splitlines()[0])


def faq_tracker(faq, topic, slots=None):
    return tracker("faq", {"topic": topic, "risk": "none", "faq": faq}, slots)


async def test_a_sub_question_shows_its_own_routes_and_next_steps():
    messages, slots = await run(ActionSignpost(), faq_tracker("ceop_what_happens", "reporting_help"))
    routes = mentioned_routes(texts(messages))
    assert "ceop" in first_route(messages) and {"trusted_adult", "childline"} <= set(routes)
    assert "report_remove" not in routes  # not the whole reporting_help list
    assert messages[-1]["buttons"]
    assert slots.items() >= {"topic": "reporting_help", "risk": "none"}.items()


async def test_a_sub_question_mid_conversation_keeps_that_topics_routes_too():
    t = faq_tracker("block_report_instagram", "reporting_help", {"topic": "cyberbullying"})
    messages, slots = await run(ActionSignpost(), t)
    routes = mentioned_routes(texts(messages))
    assert {"platform_report", "trusted_adult", "report_harmful_content", "childline"} <= set(routes)
    assert "ceop" not in routes  # CEOP does not handle bullying
    assert slots["topic"] == "cyberbullying"


async def test_a_sub_questions_routes_fit_the_age_band():
    t = faq_tracker("picture_taken_down", "nudes_sharing", {"age_band": "8-10"})
    routes = mentioned_routes(texts((await run(ActionSignpost(), t))[0]))
    assert "report_remove" in routes and "trusted_adult" in routes  # under-13s can use it too
    t = faq_tracker("block_report_other_app", "harmful_content", {"age_band": "8-10"})
    assert "report_harmful_content" not in mentioned_routes(texts((await run(ActionSignpost(), t))[0]))  # 13+
    t = faq_tracker("picture_taken_down", "nudes_sharing", {"age_band": "14-18"})
    assert "report_remove" in first_route((await run(ActionSignpost(), t))[0])


async def test_a_sub_question_after_a_disclosure_keeps_the_safety_routes_and_no_menu():
    t = faq_tracker("childline_what", "reporting_help", {"topic": "sextortion", "risk": "disclosure"})
    messages, slots = await run(ActionSignpost(), t)
    assert {"childline", "ceop", "report_remove"} <= set(mentioned_routes(texts(messages)))
    assert not any(m.get("buttons") for m in messages)
    assert slots.items() >= {"topic": "sextortion", "risk": "disclosure"}.items()
