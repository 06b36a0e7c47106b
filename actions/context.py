"""Reading a turn's context from the tracker: age band, class, topic, risk,
and what the conversation has shown so far."""
from __future__ import annotations

import os
from typing import Any, Dict, List, Optional

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet

from bot.conversation_state import ConversationState, updated
from bot.dialogue import turn_risk, turn_topic
from bot.ids import AGE_BANDS, DEFAULT_AGE_BAND
from bot.settings import load_settings


def age_band(tracker: Tracker) -> str:
    band = tracker.get_slot("age_band")
    return band if band in AGE_BANDS else DEFAULT_AGE_BAND


def class_id(tracker: Tracker) -> Optional[int]:
    """The pupil's class, passed by the web app as message metadata."""
    value = (tracker.latest_message.get("metadata") or {}).get("class_id")
    return value if isinstance(value, int) else None


def nlu_output(tracker: Tracker) -> Dict[str, Any]:
    return tracker.latest_message.get("kit") or {}


def current_topic(tracker: Tracker) -> Optional[str]:
    return turn_topic(tracker.latest_message, tracker.get_slot("topic"))


def current_risk(tracker: Tracker) -> str:
    return turn_risk(nlu_output(tracker).get("risk"), tracker.get_slot("risk"))


def latest_text(tracker: Tracker) -> str:
    return tracker.latest_message.get("text") or ""


def database_url() -> str:
    return os.environ.get("DATABASE_URL") or load_settings().database_url


def conversation_state(tracker: Tracker, image_sent: bool = False) -> ConversationState:
    """What the conversation has shown, including the latest message."""
    before = ConversationState(tracker.get_slot("involved"), tracker.get_slot("demand"),
                               bool(tracker.get_slot("image_sent")))
    return updated(before, latest_text(tracker), current_topic(tracker),
                   nlu_output(tracker).get("categories") or [], image_sent)


def state_events(state: ConversationState) -> List[Dict[str, Any]]:
    return [SlotSet("involved", state.involved), SlotSet("demand", state.demand),
            SlotSet("image_sent", state.image_sent)]
