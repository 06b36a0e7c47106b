"""What a turn is about: shared by the actions and the evaluator.

A message keeps the conversation's topic when it is a follow-up ("jk", "what do
I do?", "are you safe?" answers, feelings, a message Kit did not understand) or
a risky message with no topic of its own. Conversations tend to stay on their
topic, so a message whose own topic is a weak guess keeps the conversation's
topic when the classifier also finds that one plausible.
A sub-question (FAQ, e.g. "how do I block someone on Snapchat?") keeps the
conversation's topic too, unless it is about a topic of its own (see
data/faq_topics.yml); with no topic so far it takes its own.
Risk is sticky: a later harmless message does not lower the conversation's risk.
"""
from __future__ import annotations

from typing import Any, Mapping, Optional

from bot.faq import FAQ_INTENT, faq_topic
from bot.ids import RISK_INTENTS, RISK_NONE, TOPICS

# Intents that carry on the current topic rather than start a new one.
FOLLOW_UP_INTENTS = {
    "retract", "what_now", "report_ignored", "seek_reassurance", "ask_secrecy",
    "is_normal", "already_did", "what_if_posted", "report_anonymous", "what_happens_if_tell", "maybe_fake",
    "tell_me_more",
    "safe_yes", "safe_no", "safe_unsure", "affirm", "deny", "wellbeing", "nlu_fallback",
    FAQ_INTENT,
    *RISK_INTENTS.values(),
}

# Below this confidence a message's own topic yields to the conversation's
# topic, if the classifier gives that one at least CONTEXT_PLAUSIBLE.
WEAK_TOPIC = 0.5
CONTEXT_PLAUSIBLE = 0.1


def turn_topic(message: Mapping[str, Any], previous_topic: Optional[str]) -> Optional[str]:
    """The topic of a parsed message (Rasa's parse result, or a tracker's
    latest_message) in a conversation whose topic so far is `previous_topic`."""
    intent = (message.get("intent") or {}).get("name")
    kit = message.get("kit") or {}
    message_topic = kit.get("topic")
    if kit.get("faq") and (intent == FAQ_INTENT or not message_topic):
        return faq_topic(kit["faq"], previous_topic, message_topic)
    if message_topic and previous_topic and message_topic != previous_topic:
        confidence = {r.get("name"): r.get("confidence", 0.0) for r in message.get("intent_ranking") or []}
        if confidence.get(message_topic, 1.0) < WEAK_TOPIC and confidence.get(previous_topic, 0.0) >= CONTEXT_PLAUSIBLE:
            return previous_topic
    if message_topic:
        return message_topic
    if not kit and intent in TOPICS:
        return intent  # a topic button ("/gaming"): the NLU was not asked
    if intent in FOLLOW_UP_INTENTS:
        return previous_topic
    return None


def turn_risk(message_risk: Optional[str], previous_risk: Optional[str]) -> str:
    if message_risk and message_risk != RISK_NONE:
        return message_risk
    return previous_risk or RISK_NONE
