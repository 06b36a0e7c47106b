"""What a turn is about, in a conversation (bot/dialogue.py)."""
from __future__ import annotations

from bot.dialogue import turn_risk, turn_topic


def parsed(intent, topic=None, ranking=()):
    return {"intent": {"name": intent}, "kit": {"topic": topic},
            "intent_ranking": [{"name": n, "confidence": c} for n, c in ranking]}


def test_a_confident_new_topic_replaces_the_old_one():
    message = parsed("grooming", "grooming", [("grooming", 0.8), ("gaming", 0.15)])
    assert turn_topic(message, "gaming") == "grooming"


def test_a_weak_guess_yields_to_a_plausible_conversation_topic():
    message = parsed("cyberbullying", "cyberbullying", [("cyberbullying", 0.45), ("privacy_security", 0.2)])
    assert turn_topic(message, "privacy_security") == "privacy_security"


def test_a_weak_guess_stands_when_the_conversation_topic_is_implausible():
    message = parsed("cyberbullying", "cyberbullying", [("cyberbullying", 0.45), ("gaming", 0.02)])
    assert turn_topic(message, "gaming") == "cyberbullying"


def test_follow_ups_feelings_and_unclear_messages_keep_the_topic():
    for intent in ("what_now", "retract", "wellbeing", "nlu_fallback", "risk_disclosure"):
        assert turn_topic(parsed(intent), "livestreaming") == "livestreaming", intent


def test_small_talk_and_out_of_scope_have_no_topic():
    for intent in ("greet", "thanks", "out_of_scope"):
        assert turn_topic(parsed(intent), "livestreaming") is None, intent


def test_risk_is_sticky_and_never_lowered_by_a_harmless_message():
    assert turn_risk("none", "disclosure") == "disclosure"
    assert turn_risk("danger", "disclosure") == "danger"
    assert turn_risk(None, None) == "none"


def asked(faq, intent="faq", topic=None):
    return {"intent": {"name": intent}, "kit": {"topic": topic, "faq": faq}, "intent_ranking": []}


def test_a_sub_question_takes_its_own_topic_when_the_conversation_has_none():
    assert turn_topic(asked("block_report_roblox", topic="gaming"), None) == "gaming"
    assert turn_topic(asked("account_private", topic="privacy_security"), None) == "privacy_security"


def test_a_sub_question_keeps_the_conversations_topic():
    # "how do I block them on Instagram?" in a bullying chat is still about bullying
    assert turn_topic(asked("block_report_instagram", topic="reporting_help"), "cyberbullying") == "cyberbullying"
    assert turn_topic(asked("trouble_sent_nude", topic="nudes_sharing"), "sextortion") == "sextortion"


def test_a_sub_question_about_a_topic_of_its_own_switches_to_it():
    assert turn_topic(asked("what_is_sextortion", topic="sextortion"), "gaming") == "sextortion"


def test_a_risky_sub_question_without_a_topic_keeps_the_conversations_or_takes_its_own():
    assert turn_topic(asked("trouble_sent_nude", intent="risk_disclosure"), "sextortion") == "sextortion"
    assert turn_topic(asked("trouble_sent_nude", intent="risk_disclosure"), None) == "nudes_sharing"


def test_a_risky_message_with_a_topic_of_its_own_ignores_the_sub_question():
    message = {"intent": {"name": "risk_disclosure"}, "kit": {"topic": "grooming", "faq": "trouble_sent_nude"},
               "intent_ranking": []}
    assert turn_topic(message, None) == "grooming"


def test_a_sub_question_that_tells_a_story_is_about_that_story():
    # "he keeps asking for pics, how do I block him on Snapchat?": the gate found grooming
    assert turn_topic(asked("block_report_snapchat", topic="grooming"), None) == "grooming"


def test_a_topic_button_is_that_topic():
    # A button payload ("/gaming") skips the NLU, so there is no kit output.
    assert turn_topic({"intent": {"name": "gaming"}, "text": "/gaming"}, None) == "gaming"
    assert turn_topic({"intent": {"name": "gaming"}, "text": "/gaming"}, "grooming") == "gaming"
