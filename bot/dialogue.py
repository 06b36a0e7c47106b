"""What a turn is about: shared by the actions and the evaluator.

A message keeps the conversation's topic when it is a follow-up ("jk", "what do
I do?", "are you safe?" answers) or a risky message with no topic of its own.
Risk is sticky: a later harmless message does not lower the conversation's risk.
"""
from __future__ import annotations

from typing import Optional

from bot.ids import RISK_INTENTS, RISK_NONE

# Intents that carry on the current topic rather than start a new one.
FOLLOW_UP_INTENTS = {
    "retract", "what_now", "report_ignored", "seek_reassurance",
    "safe_yes", "safe_no", "safe_unsure", "affirm", "deny",
    *RISK_INTENTS.values(),
}


def turn_topic(intent: Optional[str], message_topic: Optional[str], previous_topic: Optional[str]) -> Optional[str]:
    if message_topic:
        return message_topic
    if intent in FOLLOW_UP_INTENTS:
        return previous_topic
    return None


def turn_risk(message_risk: Optional[str], previous_risk: Optional[str]) -> str:
    if message_risk and message_risk != RISK_NONE:
        return message_risk
    return previous_risk or RISK_NONE
