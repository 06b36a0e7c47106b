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
