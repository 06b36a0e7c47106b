"""A lesson story played through the actions names the school's country's
services: an Australian pupil is never told to call 999 or go to CEOP (issue 20)."""
from __future__ import annotations

import pytest

from actions.scenarios import ActionScenarioChoice, ActionScenarioStart
from bot import routes
from tests.actions.action_tracker import run, texts, tracker


@pytest.fixture
def australia(monkeypatch):
    monkeypatch.setenv("KIT_LOCALE", "au")
    for cached in (routes.active_locale, routes._resolved):
        cached.cache_clear()
    yield
    for cached in (routes.active_locale, routes._resolved):
        cached.cache_clear()


def choice(scenario: str, step: str, picked: str, band: str):
    t = tracker("scenario_choice", slots={"age_band": band, "scenario": scenario, "scenario_step": step,
                                          "scenario_state": "active"})
    t.latest_message["entities"] = [{"entity": "scenario", "value": scenario}, {"entity": "step", "value": step},
                                    {"entity": "choice", "value": picked}]
    return t


async def test_the_story_about_someone_you_know_says_block_is_not_enough_and_names_australian_services(australia):
    start = tracker("scenario_start", slots={"age_band": "14-18"})
    start.latest_message["entities"] = [{"entity": "scenario", "value": "someone_you_know"}]
    messages, slots = await run(ActionScenarioStart(), start)
    assert slots["scenario_step"] == "messages" and "coach" in texts(messages)
    messages, slots = await run(ActionScenarioChoice(), choice("someone_you_know", "messages", "just_block", "14-18"))
    assert "blocking doesn't help much" in texts(messages) and slots["scenario_step"] == "friend_talk"
    messages, _ = await run(ActionScenarioChoice(), choice("someone_you_know", "friend_talk", "trust_feeling", "14-18"))
    said = texts(messages)
    assert "Kids Helpline can help you work out who to tell" in said
    assert "call 000" in said and "the ACCCE" in said and "accce.gov.au/report" in said
    assert not [uk for uk in ("999", "CEOP", "Childline", "{") if uk in said], said


async def test_a_uk_pupil_in_a_meeting_story_is_told_999(monkeypatch):
    monkeypatch.setenv("KIT_LOCALE", "uk")
    routes.active_locale.cache_clear()
    try:
        messages, _ = await run(ActionScenarioChoice(), choice("meet_in_park", "alone", "tell", "8-10"))
    finally:
        routes.active_locale.cache_clear()
    assert "call 999" in texts(messages) and "{" not in texts(messages)


async def test_the_fake_pic_story_answers_going_along_without_blame(australia):
    messages, slots = await run(ActionScenarioChoice(), choice("fake_pic_at_school", "sent_round", "laugh_along", "11-13"))
    said = texts(messages)
    assert "That's normal" in said and "don't send it on" in said and slots["scenario_step"] == "your_turn"
    messages, _ = await run(ActionScenarioChoice(), choice("fake_pic_at_school", "your_turn", "ignore", "14-18"))
    assert "Kids Helpline" in texts(messages) and "Childline" not in texts(messages)
