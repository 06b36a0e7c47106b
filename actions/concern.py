"""action_concern_followup: what Kit says after a concern, whatever comes next.

Once a conversation has shown a risk (the `concern` slot), risk is judged on
the conversation, not the message: "jk lol", "nvm", "pls dont tell my teacher",
"what happens now?", thanks or a new subject are each answered for what they
are, and the routes for the conversation's risks always follow (999 first
while the concern is danger). The alert
raised at the disclosure stays; nothing here raises another (a new subject
is counted for the teacher's topic chart, as any topic is), except when the
conversation turns into danger now: a self-harm conversation says it has been
done ("i already took them"), or after a disclosure the person it was about is
here or on the way ("hes outside my school now"). That is danger, with 999
first and a danger alert.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.analytics import record
from actions.context import age_band, conversation_state, current_topic, latest_text, nlu_output, state_events
from actions.follow_up import answer_follow_up, remember
from actions.safety import lead_risk, other_risk_routes
from actions.signpost import latest_intent, utter_routes
from bot.conversation_state import state_routes
from bot.faq import FAQ_INTENT
from bot.follow_ups import AGAIN, DEFAULT, FOLLOW_UP_KINDS, answer_text
from bot.ids import RISK_DANGER, RISK_NONE, RISK_SELF_HARM, TOPICS
from bot.safety.categories import alert_categories
from bot.safety.screen import SafetyScreen, default_screen

# What the pupil's message is, and the line that answers it; anything else
# (greetings, "what can you do", off-topic) is told help is still here. The
# follow-ups answered per topic are answered as in actions/follow_up.py.
ANSWERS = {
    "retract": "utter_concern_retract",
    "what_now": "utter_concern_next",  # the concern's one step; asked again, the next
    "wellbeing": "utter_wellbeing",
    "ask_secrecy": "utter_concern_secrecy",
    "seek_reassurance": "utter_concern_secrecy",
    "reporting_help": "utter_reporting_help",
    "report_ignored": "utter_report_ignored",
    "thanks": "utter_thanks",
    "goodbye": "utter_goodbye",
    "bot_challenge": "utter_iamabot",
}


# A conversation already showing a risk turns into danger now when a message
# says so, though the message alone shows no risk; each is answered, after
# 999, with what to do now. (risk shown before, the screen's reader, response)
TURNS_TO_DANGER = (
    # after self-harm talk, "i already took them", "its too late"
    (RISK_SELF_HARM, SafetyScreen.says_done, "utter_self_harm_done"),
    # after a disclosure about someone, "hes outside my school now", "hes meeting me tonight"
    ("disclosure", SafetyScreen.says_here_now, "utter_someone_here_now"),
)


def danger_now_response(risks: List[str], text: str) -> Optional[Text]:
    """What to say after 999 when this message turns the conversation into
    danger now; None when it does not (or it is danger already)."""
    if RISK_DANGER in risks:
        return None
    screen = default_screen()
    return next((response for risk, says, response in TURNS_TO_DANGER if risk in risks and says(screen, text)), None)


def now_danger(dispatcher: CollectingDispatcher, tracker: Tracker, risks: List[str], topic,
               response: Text) -> List[Dict[Text, Any]]:
    """999 first, what to do now (`response`), the routes for every risk,
    "are you safe?"; the conversation becomes danger and the school gets a
    danger alert (the earlier one was for the disclosure or self-harm)."""
    risks, band, text = [RISK_DANGER, *risks], age_band(tracker), latest_text(tracker)
    dispatcher.utter_message(response="utter_danger_first")
    dispatcher.utter_message(response=response)
    utter_routes(dispatcher, topic, RISK_DANGER, band, text, extra=other_risk_routes(topic, risks, band, text))
    dispatcher.utter_message(response="utter_ask_safe_now")
    record(tracker, topic, RISK_DANGER, alert_categories([RISK_DANGER], topic)[:1])  # one alert a message
    return [SlotSet("risk", RISK_DANGER), SlotSet("risks", risks)]


def concern_reply(intent, topic, new_topic, faq) -> str:
    """The response that answers a message inside a concern. Never the menu:
    the routes follow every answer."""
    if new_topic and new_topic != topic:
        return f"utter_{new_topic}"  # a new subject is answered, then the concern's help again
    if faq:
        return f"utter_faq/{faq}"  # the question asked, answered
    if intent == "tell_me_more" and topic:
        return f"utter_{topic}_more"
    return ANSWERS.get(intent, "utter_concern_still_here")


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
        text = latest_text(tracker)
        now = danger_now_response(risks, text)
        if now:
            return now_danger(dispatcher, tracker, risks, topic, now)
        new_topic = turn_topic if intent in TOPICS else None
        lead = lead_risk(risks)
        if lead == RISK_DANGER:
            dispatcher.utter_message(response="utter_danger_first")  # 999 stays first
        faq = nlu_output(tracker).get("faq") if intent == FAQ_INTENT else None
        said = list(tracker.get_slot("kit_said") or [])
        state = conversation_state(tracker)
        events = state_events(state)
        if intent in FOLLOW_UP_KINDS and intent != "what_now":
            state, events = answer_follow_up(dispatcher, tracker, intent)
        else:
            reply = concern_reply(intent, topic, new_topic, faq)
            if said[-1:] == [reply]:
                # Said just now: move on (the one first step), never the same twice.
                reply = next(r for r in (f"{AGAIN}:{DEFAULT}", "utter_concern_still_here") if r != said[-1])
            if reply.startswith("utter_"):
                dispatcher.utter_message(response=reply)
            else:
                dispatcher.utter_message(text=answer_text(reply, band))
            if new_topic and new_topic != topic:
                dispatcher.utter_message(response="utter_concern_still_here")
            events = events + remember(said, reply)
        extra = other_risk_routes(topic, risks, band, text) + state_routes(state, topic)
        utter_routes(dispatcher, topic, lead, band, text, extra=extra)
        if turn_topic:
            record(tracker, turn_topic, RISK_NONE)  # the teacher's count; the alert was raised already
        return events  # the concern (slots risk, risks, topic) stays as the safety reply left it
