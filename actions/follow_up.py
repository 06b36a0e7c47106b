"""action_follow_up: "is that normal?", "what should i do", "i already sent
one", "what if they post it anyway", "can i report without my name"...

Answered for the conversation's topic, age band and what it has shown so far
(bot/follow_ups.py, data/follow_ups.yml), never with the answer Kit gave last,
and followed by the topic's routes. Inside a concern the same answers are given
by action_concern_followup, with the concern's routes.
"""
from __future__ import annotations

from typing import Any, Dict, List, Text, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.analytics import record
from actions.context import age_band, conversation_state, current_topic, latest_text, state_events
from actions.signpost import latest_intent, utter_routes
from bot.conversation_state import ConversationState, state_routes
from bot.follow_ups import answer_text, choose, thing_done
from bot.ids import RISK_NONE
from bot.routes import next_step_buttons

# Kit's last few answers, kept so it never says the same thing twice in a row.
SAID_KEPT = 4


def answer_follow_up(dispatcher: CollectingDispatcher, tracker: Tracker,
                     kind: str) -> Tuple[ConversationState, List[Dict[str, Any]]]:
    """Utter the answer to a follow-up of `kind`; the conversation's state
    after it, and the events that remember both."""
    text, topic = latest_text(tracker), current_topic(tracker)
    state = conversation_state(tracker, image_sent=kind == "already_did" and thing_done(text) == "sent_image")
    said = list(tracker.get_slot("kit_said") or [])
    key = choose(kind, topic, text, said, state.involved)
    dispatcher.utter_message(text=answer_text(key, age_band(tracker)))
    return state, state_events(state) + remember(said, key)


def remember(said: List[str], key: str) -> List[Dict[str, Any]]:
    return [SlotSet("kit_said", (said + [key])[-SAID_KEPT:])]


def say_once(dispatcher: CollectingDispatcher, tracker: Tracker, key: str, response: str,
             buttons=None) -> Tuple[bool, List[Dict[str, Any]]]:
    """Say `response` (remembered as `key`), unless Kit said it just now: then
    the topic's next step, so the conversation moves on. True when said."""
    said = list(tracker.get_slot("kit_said") or [])
    if said[-1:] == [key]:
        return False, answer_follow_up(dispatcher, tracker, "what_now")[1]
    dispatcher.utter_message(response=response, buttons=buttons or [])
    return True, remember(said, key)


class ActionFollowUp(Action):
    def name(self) -> Text:
        return "action_follow_up"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        band, topic = age_band(tracker), current_topic(tracker)
        state, events = answer_follow_up(dispatcher, tracker, latest_intent(tracker))
        utter_routes(dispatcher, topic, RISK_NONE, band, latest_text(tracker),
                     next_step_buttons(topic, band), extra=state_routes(state, topic) + ["trusted_adult"])
        if topic:
            record(tracker, topic, RISK_NONE)
        return events + [SlotSet("topic", topic)]
