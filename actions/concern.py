"""action_concern_followup: what Kit says after a concern, whatever comes next.

Once a conversation has shown a risk (the `concern` slot), risk is judged on
the conversation, not the message: "jk lol", "nvm", "pls dont tell my teacher",
"what happens now?", thanks or a new subject are each answered for what they
are, and the routes for the conversation's risks always follow (999 first
while the concern is danger). The alert
raised at the disclosure stays; nothing here raises another (a new subject
is counted for the teacher's topic chart, as any topic is).
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.analytics import record
from actions.context import age_band, current_topic, latest_text, nlu_output
from actions.conversation import show_capabilities
from actions.safety import lead_risk, other_risk_routes
from actions.signpost import latest_intent, utter_routes
from bot.faq import FAQ_INTENT
from bot.ids import RISK_DANGER, RISK_NONE, TOPICS

# What the pupil's message is, and the line that answers it.
ANSWERS = {
    "retract": "utter_concern_retract",
    "ask_secrecy": "utter_concern_secrecy",
    "seek_reassurance": "utter_concern_secrecy",
    "reporting_help": "utter_reporting_help",
    "what_now": "utter_concern_next",
    "report_ignored": "utter_report_ignored",
    "thanks": "utter_thanks",
    "goodbye": "utter_goodbye",
    "bot_challenge": "utter_iamabot",
}


class ActionConcernFollowup(Action):
    def name(self) -> Text:
        return "action_concern_followup"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        band, intent = age_band(tracker), latest_intent(tracker)
        risks = [r for r in tracker.get_slot("risks") or [tracker.get_slot("risk")] if r and r != RISK_NONE]
        risks = risks or ["disclosure"]  # a concern without detail: be safe
        topic, turn_topic = tracker.get_slot("topic"), current_topic(tracker)
        new_topic = turn_topic if intent in TOPICS else None
        lead = lead_risk(risks)
        if lead == RISK_DANGER:
            dispatcher.utter_message(response="utter_danger_first")  # 999 stays first
        faq = nlu_output(tracker).get("faq") if intent == FAQ_INTENT else None
        if new_topic and new_topic != topic:
            # A new subject is answered, then the earlier concern's help again.
            dispatcher.utter_message(response=f"utter_{new_topic}")
            dispatcher.utter_message(response="utter_concern_still_here")
        elif faq:
            dispatcher.utter_message(response=f"utter_faq/{faq}")  # the question asked, answered
        elif intent == "wellbeing":
            dispatcher.utter_message(response="utter_wellbeing")
        elif intent == "ask_capabilities":
            show_capabilities(dispatcher, band)
        else:
            dispatcher.utter_message(response=ANSWERS.get(intent, "utter_concern_still_here"))
        text = latest_text(tracker)
        utter_routes(dispatcher, topic, lead, band, text, extra=other_risk_routes(topic, risks, band, text))
        if turn_topic:
            record(tracker, turn_topic, RISK_NONE)  # the teacher's count; the alert was raised already
        return []  # the concern (slots risk, risks, topic) stays as the safety reply left it
