"""Lesson scenarios in the chat: start, choose, type, pause, resume, stop.

The story is data (bot/scenarios.py). Three slots hold where a pupil is:
`scenario`, `scenario_step`, and `scenario_state` (active while the story is
being played; paused by the safety reply, so a risky message always gets the
full safety answer and the story waits until the pupil says "carry on").
Each choice is counted anonymously (class, scenario, step, choice, hour).
"""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.context import age_band, class_id, database_url
from bot import scenarios
from bot.routes import offered_to, render_routes, routes_for
from bot.store.scenario_store import class_scenario, record_choice

logger = logging.getLogger(__name__)

STOP_BUTTON = {"title": "Stop the story", "payload": "/scenario_stop"}
MORE_BUTTONS = [
    {"title": "Try another story", "payload": "/scenario_list"},
    {"title": "Something else", "payload": "/ask_capabilities"},
]
RESUME_BUTTON = {"title": "Back to the story", "payload": "/scenario_resume"}
TRY_A_STORY = {"title": "Try a story", "payload": "/scenario_list"}

WORDS = {
    "offer": "Your teacher has started a story for the class. Would you like to play it?",
    "list": "Pick a story. You choose what happens next, and Kit tells you what helps.",
    "none": "There are no stories for your age group yet. You can still ask Kit anything.",
    "typed": "Thanks for telling me. In this story, pick one of the choices to see what happens. "
             "You can stop the story at any time.",
    "typed_help": "If something like this is happening to you, you can talk about it here, or:",
    "moved_on": "The story has moved on since then. Here is where it is now.",
    "not_playing": "That story has finished. Would you like to play it again?",
    "resume": "Welcome back to the story.",
    "offer_resume": "When you're ready, we can go back to the story. Say 'carry on', or press the button.",
    "stopped": "OK, the story has stopped. You can ask Kit anything, or try another story.",
    "no_story": "There is no story to go back to. Would you like to pick one?",
}

CLEAR = [SlotSet("scenario", None), SlotSet("scenario_step", None), SlotSet("scenario_state", None)]


def entity(tracker: Tracker, name: str) -> Optional[str]:
    for found in tracker.latest_message.get("entities") or []:
        if found.get("entity") == name and isinstance(found.get("value"), str):
            return found["value"]
    return None


def story_buttons(story: scenarios.Scenario, band: str) -> List[dict]:
    return [{"title": scenarios.told(story.title, band), "payload": scenarios.start_payload(story.id)}]


def list_stories(dispatcher: CollectingDispatcher, band: str, first: Optional[str] = None) -> None:
    stories = scenarios.for_age_band(band)
    stories.sort(key=lambda s: s.id != first)  # the class's story first; stable otherwise
    if not stories:
        dispatcher.utter_message(text=WORDS["none"], buttons=[MORE_BUTTONS[1]])
        return
    buttons = sum((story_buttons(s, band) for s in stories), [])
    dispatcher.utter_message(text=WORDS["list"], buttons=buttons)


def show_step(dispatcher: CollectingDispatcher, story: scenarios.Scenario, step_id: str, band: str) -> List[Dict]:
    """A step's text with its choices (or, at the end, the routes); the slots to set."""
    step = story.steps[step_id]
    if step.is_end:
        dispatcher.utter_message(text=scenarios.told(step.text, band))
        routes = [r for r in step.routes if offered_to(r, band)]
        dispatcher.utter_message(text=render_routes(routes, band), buttons=MORE_BUTTONS)
        return CLEAR
    buttons = [
        {"title": scenarios.told(c.title, band), "payload": scenarios.choice_payload(story.id, step.id, c.id)}
        for c in step.choices
    ]
    dispatcher.utter_message(text=scenarios.told(step.text, band), buttons=buttons + [STOP_BUTTON])
    return [SlotSet("scenario", story.id), SlotSet("scenario_step", step.id), SlotSet("scenario_state", "active")]


def current(tracker: Tracker, band: str):
    story = scenarios.get(tracker.get_slot("scenario"))
    step_id = tracker.get_slot("scenario_step")
    if story is None or band not in story.bands or story.step(step_id) is None:
        return None, None
    return story, step_id


def back_to_story(dispatcher: CollectingDispatcher, tracker: Tracker, first) -> List[Dict]:
    """`first(story, band)` says something, then the current step is shown again."""
    band = age_band(tracker)
    story, at = current(tracker, band)
    if story is None:
        dispatcher.utter_message(text=WORDS["no_story"], buttons=[TRY_A_STORY, MORE_BUTTONS[1]])
        return CLEAR
    first(story, band)
    return show_step(dispatcher, story, at, band)


class ActionScenarioList(Action):
    """"Try a story": the stories for the pupil's band, the class's first."""

    def name(self) -> Text:
        return "action_scenario_list"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict]:
        band = age_band(tracker)
        list_stories(dispatcher, band, offered_story(tracker, band))
        return []


class ActionScenarioStart(Action):
    def name(self) -> Text:
        return "action_scenario_start"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict]:
        band = age_band(tracker)
        story = scenarios.get(entity(tracker, "scenario"))
        if story is None or band not in story.bands:
            list_stories(dispatcher, band)
            return []
        dispatcher.utter_message(text=scenarios.told(story.title, band))
        return show_step(dispatcher, story, story.start, band)


class ActionScenarioChoice(Action):
    """A choice button: feedback for it, then the next step. Counted anonymously."""

    def name(self) -> Text:
        return "action_scenario_choice"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict]:
        band = age_band(tracker)
        story_id, step_id, choice_id = (entity(tracker, n) for n in ("scenario", "step", "choice"))
        story, at = current(tracker, band)
        if story is None or story.id != story_id:
            chosen = scenarios.get(story_id)
            if chosen is not None and band in chosen.bands:
                dispatcher.utter_message(text=WORDS["not_playing"], buttons=story_buttons(chosen, band))
            else:
                list_stories(dispatcher, band)
            return []
        choice = story.choice(step_id, choice_id) if step_id == at else None
        if choice is None:  # an older step's button
            dispatcher.utter_message(text=WORDS["moved_on"])
            return show_step(dispatcher, story, at, band)
        record(tracker, story.id, step_id, choice_id)
        dispatcher.utter_message(text=scenarios.told(choice.feedback, band))
        return show_step(dispatcher, story, choice.next, band)


class ActionScenarioTyped(Action):
    """Typing during a story (nothing risky: the safety rules answer that):
    a kind word, where to get help, and the choices again."""

    def name(self) -> Text:
        return "action_scenario_typed"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict]:
        def kind_word(story: scenarios.Scenario, band: str) -> None:
            dispatcher.utter_message(text=WORDS["typed"])
            help_routes = routes_for(story.topic, "none", band)[:2] or ["trusted_adult", "childline"]
            dispatcher.utter_message(text=WORDS["typed_help"] + "\n" + render_routes(help_routes, band))

        return back_to_story(dispatcher, tracker, kind_word)


class ActionScenarioResume(Action):
    def name(self) -> Text:
        return "action_scenario_resume"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict]:
        return back_to_story(dispatcher, tracker, lambda _story, _band: dispatcher.utter_message(text=WORDS["resume"]))


class ActionScenarioOfferResume(Action):
    """After the safety reply and "I'm safe": the story waits until the pupil wants it."""

    def name(self) -> Text:
        return "action_scenario_offer_resume"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict]:
        story, _ = current(tracker, age_band(tracker))
        if story is not None:
            dispatcher.utter_message(text=WORDS["offer_resume"], buttons=[RESUME_BUTTON])
        return []


class ActionScenarioStop(Action):
    def name(self) -> Text:
        return "action_scenario_stop"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict]:
        dispatcher.utter_message(text=WORDS["stopped"], buttons=MORE_BUTTONS)
        return CLEAR


def offered_story(tracker: Tracker, band: str) -> Optional[str]:
    """The story the pupil's teacher started for the class, if it fits the band."""
    klass = class_id(tracker)
    if klass is None:
        return None
    try:
        story_id = class_scenario(database_url(), klass)
    except Exception as error:  # noqa: BLE001 - no offer is better than no reply
        logger.error("class story lookup failed (%s)", type(error).__name__)
        return None
    story = scenarios.get(story_id)
    return story.id if story is not None and band in story.bands else None


def offer_class_story(dispatcher: CollectingDispatcher, tracker: Tracker, band: str) -> None:
    story = scenarios.get(offered_story(tracker, band))
    if story is not None:
        dispatcher.utter_message(text=WORDS["offer"], buttons=story_buttons(story, band))


def record(tracker: Tracker, story_id: str, step_id: str, choice_id: str) -> None:
    try:
        record_choice(database_url(), class_id(tracker), story_id, step_id, choice_id)
    except Exception as error:  # noqa: BLE001 - the story goes on
        logger.error("scenario choice not recorded (%s): %s/%s/%s", type(error).__name__, story_id, step_id, choice_id)
