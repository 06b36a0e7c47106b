"""action_signpost: the reporting routes that apply, and next-step buttons."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.analytics import record
from actions.context import age_band, current_risk, current_topic, latest_text
from bot.ids import RISK_NONE
from bot.routes import next_step_buttons, render_routes, routes_for


def utter_routes(dispatcher: CollectingDispatcher, topic, risk: str, band: str, text: str, buttons=None, extra=()) -> None:
    route_ids = routes_for(topic, risk, band, text, extra)
    if route_ids:
        dispatcher.utter_message(text=render_routes(route_ids, band), buttons=buttons or [])
    elif buttons:
        dispatcher.utter_message(text="What next?", buttons=buttons)


class ActionSignpost(Action):
    def name(self) -> Text:
        return "action_signpost"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        topic, risk, band = current_topic(tracker), current_risk(tracker), age_band(tracker)
        buttons = next_step_buttons(topic, band) if risk == RISK_NONE else []
        utter_routes(dispatcher, topic, risk, band, latest_text(tracker), buttons)
        if topic:
            record(tracker, topic, RISK_NONE)
        return [SlotSet("topic", topic), SlotSet("risk", risk)]
