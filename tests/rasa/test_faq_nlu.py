"""Sub-questions (FAQ) with the trained model: which one a pupil's message asks,
its topic, and that risk always wins over a sub-question."""
from __future__ import annotations

import pytest

from bot.dialogue import turn_topic


async def parse(agent, text):
    return await agent.parse_message(text)


# Pupil-style messages written for this test, not taken from the training data.
ASKED = [
    ("how can i block this guy on snap", "block_report_snapchat", "reporting_help"),
    ("hw do u report ppl on insta", "block_report_instagram", "reporting_help"),
    ("someone keeps messaging me on roblox how do i block them", "block_report_roblox", "gaming"),
    ("how do i block someone on xbox", "block_report_other_game", "gaming"),
    ("what does ceop actually do with my report", "ceop_what_happens", "reporting_help"),
    ("will i get in trouble for sending a nude to my boyfriend", "trouble_sent_nude", "nudes_sharing"),
    ("can a pic of me be taken down off the internet", "picture_taken_down", "nudes_sharing"),
    ("what is childline", "childline_what", "reporting_help"),
    ("how do i make my account private", "account_private", "privacy_security"),
]


@pytest.mark.parametrize("text,faq,topic", ASKED)
async def test_a_sub_question_is_recognised_with_its_topic(agent, text, faq, topic):
    result = await parse(agent, text)
    assert result["intent"]["name"] == "faq"
    assert result["kit"]["faq"] == faq and result["kit"]["risk"] == "none"
    assert turn_topic(result, None) == topic


@pytest.mark.parametrize("text,risk", [
    ("will i get in trouble if he already has my nudes and says hell post them", "disclosure"),
    ("he has my pics and says he will send them to my mum unless i pay, will i get in trouble", "disclosure"),
    ("how do i report someone on snapchat he said hes outside my house now", "danger"),
])
async def test_a_disclosure_phrased_as_a_question_gets_the_safety_reply_not_a_faq(agent, text, risk):
    result = await parse(agent, text)
    assert result["intent"]["name"] == f"risk_{risk}"
    assert result["kit"]["risk"] == risk


async def test_a_disclosure_phrased_as_a_question_keeps_a_topic_for_its_routes(agent):
    result = await parse(agent, "will i get in trouble if he already has my nudes and says hell post them")
    assert turn_topic(result, None) in {"sextortion", "nudes_sharing"}


@pytest.mark.parametrize("text,topic", [
    ("someone is being mean to me online", "cyberbullying"),
    ("whats a good password", "privacy_security"),
])
async def test_a_topic_message_is_not_mistaken_for_a_sub_question(agent, text, topic):
    result = await parse(agent, text)
    assert result["intent"]["name"] == topic and not result["kit"]["faq"]


async def test_a_sub_question_that_tells_a_story_keeps_the_storys_topic(agent):
    # answered or not as a how-to, the routes must be grooming's (CEOP)
    result = await parse(agent, "he keeps asking for pics, how do i block him on snap")
    assert turn_topic(result, None) == "grooming"


async def test_the_selector_names_the_answer_utter_faq_renders(agent):
    result = await parse(agent, "what is childline")
    assert result["response_selector"]["all_retrieval_intents"] == ["faq"]
    assert result["response_selector"]["faq"]["response"]["utter_action"] == "utter_faq/childline_what"


async def test_a_message_the_classifier_does_not_call_faq_skips_the_selector(agent):
    result = await parse(agent, "i saw something horrible on tiktok")
    assert result["intent"]["name"] != "faq"
    assert "faq" not in (result.get("response_selector") or {})


async def test_an_empty_message_is_parsed_not_crashed(agent):
    # The web app refuses empty messages; Rasa itself must not fail on one either.
    result = await parse(agent, "")
    assert result["intent"]["name"] and result["kit"]["risk"] == "none"
