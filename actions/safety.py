"""action_respond_to_risk: Kit's answer to a disclosure, danger or self-harm.

The recipe (brief §5): thank, believe, not your fault (or 999 and the nearest
adult first when in danger); the topic's practical step; routes that fit the
risk and age band; honesty about who will be told; "Are you safe right now?".
No probing questions, never a request for an image. Raises a safeguarding alert.
A lesson story being played is paused, never continued in the same reply.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Dict, List, Text

import yaml

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.analytics import record
from actions.context import age_band, class_id, current_topic, latest_text, nlu_output
from actions.signpost import utter_routes
from bot import paths
from bot.ids import RISK_INTENTS, RISK_NONE

OPENING = {
    "disclosure": "utter_disclosure_ack",
    "danger": "utter_danger_first",
    "self_harm": "utter_self_harm_ack",
}


def message_risk(tracker: Tracker) -> str:
    risk = nlu_output(tracker).get("risk")
    if risk and risk != RISK_NONE:
        return risk
    intent = (tracker.latest_message.get("intent") or {}).get("name")
    by_intent = {name: level for level, name in RISK_INTENTS.items()}
    return by_intent.get(intent, "disclosure")  # a risk intent without detail: be safe


@lru_cache(maxsize=1)
def urgent_responses() -> frozenset:
    """The `utter_<topic>_urgent` responses in domain.yml. Read from the file,
    not from the domain argument: Rasa sends actions no domain
    (`enable_selective_domain` in endpoints.yml), which spares it serialising
    ~56 KB of responses on every action call (bench/LEVERS.md)."""
    responses = yaml.safe_load(paths.DOMAIN_FILE.read_text(encoding="utf-8")).get("responses", {})
    return frozenset(name for name in responses if name.endswith("_urgent"))


def safety_reply(dispatcher: CollectingDispatcher, tracker: Tracker, risk: str, topic) -> None:
    band = age_band(tracker)
    dispatcher.utter_message(response=OPENING[risk])
    urgent = f"utter_{topic}_urgent"
    if topic and risk != "self_harm" and urgent in urgent_responses():
        dispatcher.utter_message(response=urgent)
    utter_routes(dispatcher, topic, risk, band, latest_text(tracker), extra=nlu_output(tracker).get("routes") or [])
    in_class = class_id(tracker) is not None
    dispatcher.utter_message(
        response="utter_confidentiality_class" if in_class else "utter_confidentiality_general"
    )
    dispatcher.utter_message(response="utter_ask_safe_now")


class ActionRespondToRisk(Action):
    def name(self) -> Text:
        return "action_respond_to_risk"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        risk, topic = message_risk(tracker), current_topic(tracker)
        safety_reply(dispatcher, tracker, risk, topic)
        record(tracker, topic, risk)
        events = [SlotSet("topic", topic), SlotSet("risk", risk)]
        if tracker.get_slot("scenario_state") == "active":
            events.append(SlotSet("scenario_state", "paused"))  # a lesson story waits for "carry on"
        return events
