"""action_answer_topic: the answer to a message about a topic, then its routes.

- The topic's short first answer (`utter_<topic>`) with its first routes and
  a "Tell me more" button for the rest (action_tell_me_more).
- The same topic again straight after ("they did it again"): not the same page
  twice, but the topic's next steps (data/follow_ups.yml), so the
  conversation moves on.
- At the start of a conversation, when the two likeliest topics are close,
  a short question with both as buttons rather than a confident wrong page.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.context import age_band, current_topic
from actions.conversation import show_capabilities
from actions.follow_up import say_once
from actions.signpost import signpost
from bot.ids import TOPICS
from bot.routes import topic_buttons

TELL_ME_MORE = {"title": "Tell me more", "payload": "/tell_me_more"}

# Ask which topic when the top one is below CLARIFY_BELOW and the second is
# within CLARIFY_MARGIN of it. Measured on eval/topics' harmless messages: it
# asks on 6% of them, and for 32 of those 35 the right topic is one of the two
# buttons; a wider margin (0.2) asked 8% with 41 of 46.
CLARIFY_BELOW = 0.45
CLARIFY_MARGIN = 0.1


def close_topics(tracker: Tracker) -> Optional[List[str]]:
    """The two likeliest topics of a first message, if too close to call."""
    if tracker.get_slot("topic") or (tracker.latest_message.get("text") or "").startswith("/"):
        return None
    ranking = [r for r in tracker.latest_message.get("intent_ranking") or [] if r.get("name") in TOPICS]
    if len(ranking) < 2:
        return None
    first, second = ranking[0], ranking[1]
    if first["confidence"] < CLARIFY_BELOW and first["confidence"] - second["confidence"] < CLARIFY_MARGIN:
        return [first["name"], second["name"]]
    return None


class ActionAnswerTopic(Action):
    def name(self) -> Text:
        return "action_answer_topic"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        band, topic = age_band(tracker), current_topic(tracker)
        candidates = close_topics(tracker)
        if candidates:
            dispatcher.utter_message(response="utter_which_topic", buttons=topic_buttons(band, candidates)
                                     + [{"title": "Something else", "payload": "/ask_capabilities"}])
            return []
        said_now, events = say_once(dispatcher, tracker, f"topic:{topic}", f"utter_{topic}", [TELL_ME_MORE])
        return events + signpost(dispatcher, tracker, first_reply=said_now)


class ActionTellMeMore(Action):
    """"Tell me more" after a topic's short first answer: the rest of it
    (utter_<topic>_more) and all its routes; asked again, its next steps."""

    def name(self) -> Text:
        return "action_tell_me_more"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        band, topic = age_band(tracker), tracker.get_slot("topic")
        if not topic:
            show_capabilities(dispatcher, band)
            return []
        _, events = say_once(dispatcher, tracker, f"more:{topic}", f"utter_{topic}_more")
        return events + signpost(dispatcher, tracker)
