"""Session start, the capabilities menu, "what now?" and the fallback."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.context import age_band, current_risk, current_topic, latest_text
from actions.follow_up import answer_follow_up, remember
from actions.safety import safety_reply
from actions.scenarios import TRY_A_STORY, offer_class_story
from actions.signpost import utter_routes
from bot.ids import AGE_BANDS, RISK_NONE
from bot.routes import emergency_number, next_step_buttons, render_routes, routes_for, topic_buttons

AGE_BAND_BUTTONS = [
    {"title": f"I'm {band.replace('-', ' to ')}", "payload": f'/choose_age_band{{"age_band":"{band}"}}'}
    for band in AGE_BANDS
]


def show_capabilities(dispatcher: CollectingDispatcher, band: str) -> None:
    dispatcher.utter_message(response="utter_capabilities", buttons=topic_buttons(band) + [TRY_A_STORY])


class ActionStartSession(Action):
    """The web app opens a session with the pupil's age band when it knows it."""

    def name(self) -> Text:
        return "action_start_session"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        given = [e.get("value") for e in tracker.latest_message.get("entities", []) if e.get("entity") == "age_band"]
        # The safety responses say "call {emergency_number}": this locale's number.
        events = [SlotSet("emergency_number", emergency_number())]
        if given and given[0] in AGE_BANDS:
            dispatcher.utter_message(response="utter_greet")
            offer_class_story(dispatcher, tracker, given[0])
            show_capabilities(dispatcher, given[0])
            return events + [SlotSet("age_band", given[0])]
        dispatcher.utter_message(response="utter_ask_age_band", buttons=AGE_BAND_BUTTONS)
        return events


class ActionShowCapabilities(Action):
    def name(self) -> Text:
        return "action_show_capabilities"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        show_capabilities(dispatcher, age_band(tracker))
        return []


class ActionNextSteps(Action):
    """"What do I do?": the topic's practical step, or the safety reply if the
    conversation is risky; feelings without a topic get a kind word and help."""

    def name(self) -> Text:
        return "action_next_steps"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        topic, risk, band = current_topic(tracker), current_risk(tracker), age_band(tracker)
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        if risk != RISK_NONE:
            safety_reply(dispatcher, tracker, tracker.get_slot("risks") or [risk], topic)
        elif intent == "wellbeing":
            # Feelings, perhaps about the topic so far: a kind word, then its help.
            dispatcher.utter_message(response="utter_wellbeing")
            routes = routes_for(topic, risk, band, latest_text(tracker)) if topic else []
            dispatcher.utter_message(text=render_routes(_with(routes, "trusted_adult", "childline"), band))
        elif topic:
            dispatcher.utter_message(response=f"utter_{topic}")
            utter_routes(dispatcher, topic, risk, band, latest_text(tracker), next_step_buttons(topic, band))
        else:
            show_capabilities(dispatcher, band)
        return [SlotSet("topic", topic), SlotSet("risk", risk)]


class ActionKitFallback(Action):
    """When Kit is unsure: topic buttons, and Childline always named."""

    def name(self) -> Text:
        return "action_kit_fallback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        topic, risk, band = current_topic(tracker), current_risk(tracker), age_band(tracker)
        if risk != RISK_NONE or topic:
            # Mid-conversation: no menu of other topics and no bare "didn't get
            # that": the topic's next step (never the one just given), its help.
            dispatcher.utter_message(response="utter_fallback_in_topic")
            events: List[Dict[Text, Any]] = []
            if topic:
                _, events = answer_follow_up(dispatcher, tracker, "what_now")
            routes = routes_for(topic, risk, band, latest_text(tracker))
            buttons = next_step_buttons(topic, band) if risk == RISK_NONE else []
            dispatcher.utter_message(text=render_routes(_with(routes, "childline"), band), buttons=buttons)
            return events + [SlotSet("topic", topic)]
        dispatcher.utter_message(response="utter_fallback", buttons=topic_buttons(band))
        dispatcher.utter_message(text=render_routes(["childline"], band))
        return []


class ActionOffTopic(Action):
    """Something Kit is not for ("how do i reference a website"). In a
    conversation about a topic: a kind word and that topic's next steps, not
    the menu; said again, a shorter answer, never the same one twice."""

    def name(self) -> Text:
        return "action_off_topic"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        band, topic = age_band(tracker), tracker.get_slot("topic")
        said = list(tracker.get_slot("kit_said") or [])
        reply = "utter_off_topic_in_topic" if topic else "utter_out_of_scope"
        if said[-1:] == [reply]:
            reply = "utter_out_of_scope_again"
        if reply == "utter_out_of_scope":
            dispatcher.utter_message(response=reply)
            show_capabilities(dispatcher, band)
        else:
            buttons = next_step_buttons(topic, band) if topic else [
                {"title": "What can you help with?", "payload": "/ask_capabilities"}]
            dispatcher.utter_message(response=reply, buttons=buttons)
        return remember(said, reply)


def _with(route_ids: List[str], *always: str) -> List[str]:
    return list(route_ids) + [r for r in always if r not in route_ids]
