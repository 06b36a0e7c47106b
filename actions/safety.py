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
from actions.context import age_band, class_id, conversation_state, current_topic, latest_text, nlu_output, state_events
from actions.follow_up import answer_follow_up, remember
from actions.signpost import utter_routes
from bot.conversation_state import state_routes
from bot.follow_ups import DEFAULT, thing_done
from bot import paths
from bot.ids import RISK_DANGER, RISK_INTENTS, RISK_NONE, higher_risk
from bot.routes import routes_for
from bot.safety.categories import alert_categories

KNOWN_PERSON = "known_person_abuse"

OPENING = {
    "disclosure": "utter_disclosure_ack",
    "danger": "utter_danger_first",
    "self_harm": "utter_self_harm_ack",
}


def message_risks(tracker: Tracker) -> List[str]:
    """Every risk the message shows, most urgent first."""
    kit = nlu_output(tracker)
    risks = [r for r in kit.get("risks") or [kit.get("risk")] if r and r != RISK_NONE]
    if risks:
        return risks
    intent = (tracker.latest_message.get("intent") or {}).get("name")
    by_intent = {name: level for level, name in RISK_INTENTS.items()}
    return [by_intent.get(intent, "disclosure")]  # a risk intent without detail: be safe


def urgent_response(topic, risks: List[str], categories: List[str]):
    """The practical step for the message's situation, if there is one. Abuse by
    someone the pupil knows gets its own (blocking is not the advice there)."""
    if KNOWN_PERSON in categories:
        return "utter_known_person_urgent"
    urgent = f"utter_{topic}_urgent"
    if topic and risks != ["self_harm"] and urgent in urgent_responses():
        return urgent
    return None


@lru_cache(maxsize=1)
def urgent_responses() -> frozenset:
    """The `utter_<topic>_urgent` responses in domain.yml. Read from the file,
    not from the domain argument: Rasa sends actions no domain
    (`enable_selective_domain` in endpoints.yml), which spares it serialising
    ~56 KB of responses on every action call (bench/LEVERS.md)."""
    responses = yaml.safe_load(paths.DOMAIN_FILE.read_text(encoding="utf-8")).get("responses", {})
    return frozenset(name for name in responses if name.endswith("_urgent"))


def lead_risk(risks: List[str]) -> str:
    """The risk a reply answers first: danger whenever it is one (999 first)."""
    return RISK_DANGER if RISK_DANGER in risks else risks[0]


def other_risk_routes(topic, risks: List[str], band: str, text: str) -> List[str]:
    """The routes of every risk but the lead one, to show after the lead's."""
    lead = lead_risk(risks)
    return [route for other in risks if other != lead for route in routes_for(topic, other, band, text)]


def safety_routes(tracker: Tracker, risks: List[str], topic) -> List[str]:
    """Routes a safety reply adds to its lead risk's: the ones the screen's
    rules call for, the other risks', and, in danger or self-harm, what
    happened still answered (a pupil whose pic was posted also needs Report
    Remove, whatever else)."""
    band, text, lead = age_band(tracker), latest_text(tracker), lead_risk(risks)
    extra = list(nlu_output(tracker).get("routes") or []) + other_risk_routes(topic, risks, band, text)
    if topic and lead != "disclosure":
        extra += routes_for(topic, "disclosure", band, text)
    return extra


def safety_reply(dispatcher: CollectingDispatcher, tracker: Tracker, risks: List[str], topic) -> None:
    """The reply to every risk in `risks`: 999 leads when one is danger, then
    each risk's routes, then the practical step for the situation."""
    band, kit = age_band(tracker), nlu_output(tracker)
    lead = lead_risk(risks)
    dispatcher.utter_message(response=OPENING[lead])
    if lead != "self_harm" and "self_harm" in risks:
        dispatcher.utter_message(response="utter_self_harm_also")
    # Who can help comes straight after the opening, before the practical
    # step: on a phone it is then on the first screen of the reply.
    utter_routes(dispatcher, topic, lead, band, latest_text(tracker), extra=safety_routes(tracker, risks, topic))
    urgent = urgent_response(topic, risks, kit.get("categories") or [])
    if urgent:
        dispatcher.utter_message(response=urgent)
    in_class = class_id(tracker) is not None
    dispatcher.utter_message(
        response="utter_confidentiality_class" if in_class else "utter_confidentiality_general"
    )
    dispatcher.utter_message(response="utter_ask_safe_now")


def safety_follow_up(dispatcher: CollectingDispatcher, tracker: Tracker, risks: List[str], topic) -> List[Dict[Text, Any]]:
    """The same situation told again straight after Kit's safety reply ("i
    already sent him one", "he's asking for more"): not that reply word for
    word, but what to do now, or about what was already done, with every
    route again (999 first, and "Are you safe?", in danger)."""
    band, text, lead = age_band(tracker), latest_text(tracker), lead_risk(risks)
    if lead == RISK_DANGER:
        dispatcher.utter_message(response="utter_danger_first")
    state, events = answer_follow_up(dispatcher, tracker, "already_did" if thing_done(text) != DEFAULT else "what_now")
    utter_routes(dispatcher, topic, lead, band, text,
                 extra=safety_routes(tracker, risks, topic) + state_routes(state, topic))
    if lead == RISK_DANGER:
        dispatcher.utter_message(response="utter_ask_safe_now")
    return events


class ActionRespondToRisk(Action):
    def name(self) -> Text:
        return "action_respond_to_risk"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        risks, topic = message_risks(tracker), current_topic(tracker)
        said = list(tracker.get_slot("kit_said") or [])
        key = f"safety:{risks[0]}:{topic}"
        if said[-1:] == [key]:
            follow_events = safety_follow_up(dispatcher, tracker, risks, topic)
        else:
            safety_reply(dispatcher, tracker, risks, topic)
            follow_events = remember(said, key)
        # One alert a message, its most urgent situation: several rows at the
        # same minute would read as several pupils.
        record(tracker, topic, risks[0],
               alert_categories(risks, topic, nlu_output(tracker).get("categories") or [])[:1])
        # The conversation's concern: kept while it lasts, never lowered by a
        # later harmless message (the follow-up rules read `concern`).
        earlier = [r for r in tracker.get_slot("risks") or [] if r not in risks]
        risk = higher_risk(risks[0], tracker.get_slot("risk") or RISK_NONE)
        events = [SlotSet("topic", topic), SlotSet("risk", risk), SlotSet("risks", risks + earlier),
                  SlotSet("concern", True)] + state_events(conversation_state(tracker)) + follow_events
        if tracker.get_slot("scenario_state") == "active":
            events.append(SlotSet("scenario_state", "paused"))  # a lesson story waits for "carry on"
        return events
