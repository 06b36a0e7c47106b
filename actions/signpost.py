"""action_signpost: the reporting routes that apply, and next-step buttons.

After a sub-question's answer (FAQ) the routes are that sub-question's own
(data/faq_topics.yml), followed by the conversation's topic's routes when the
conversation is about another topic or has shown a risk.
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.analytics import record
from actions.context import age_band, conversation_state, current_risk, current_topic, latest_text, nlu_output, state_events
from bot.faq import FAQ_INTENT, faq_routes
from bot.ids import RISK_NONE
from bot.routes import first_reply_cut, next_step_buttons, render_routes, routes_for


def utter_routes(dispatcher: CollectingDispatcher, topic, risk: str, band: str, text: str, buttons=None, extra=(),
                 first_reply: bool = False) -> None:
    """The routes bubble. A topic's first answer shows only its first routes
    (the rest come with "Tell me more"); anything risky shows them all."""
    route_ids = routes_for(topic, risk, band, text, extra)
    if first_reply:
        route_ids = first_reply_cut(route_ids, risk)
    if route_ids:
        dispatcher.utter_message(text=render_routes(route_ids, band), buttons=buttons or [])
    elif buttons:
        dispatcher.utter_message(text="What next?", buttons=buttons)


def latest_intent(tracker: Tracker):
    return (tracker.latest_message.get("intent") or {}).get("name")


def signpost(dispatcher: CollectingDispatcher, tracker: Tracker, first_reply: bool = False) -> List[Dict[Text, Any]]:
    """The routes for this turn (and next-step buttons when nothing is risky);
    the events that keep the conversation's topic, risk and state."""
    topic, risk, band = current_topic(tracker), current_risk(tracker), age_band(tracker)
    buttons = next_step_buttons(topic, band) if risk == RISK_NONE else []
    faq = nlu_output(tracker).get("faq") if latest_intent(tracker) == FAQ_INTENT else None
    route_topic, extra = faq_routes(faq, topic, risk)
    utter_routes(dispatcher, route_topic, risk, band, latest_text(tracker), buttons, extra, first_reply)
    if topic:
        record(tracker, topic, RISK_NONE)
    return [SlotSet("topic", topic), SlotSet("risk", risk)] + state_events(conversation_state(tracker))


class ActionSignpost(Action):
    def name(self) -> Text:
        return "action_signpost"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        return signpost(dispatcher, tracker)
