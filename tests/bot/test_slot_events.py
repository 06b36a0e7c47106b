"""Slot events that change nothing are dropped (bot/slot_events.py), and Rasa
does the same with or without them: real conversations with the trained
model and a real action server, through topics, a disclosure (the `concern`
rule condition), a lesson story (the `scenario_state` conditions) and the
public evaluation conversations, played with Rasa's own `RemoteAction.run`
and with Kit's, give the same actions, replies, dialogue states and slots."""
from __future__ import annotations

import asyncio
import logging
import uuid

import numpy as np
import pytest
from rasa.core.actions.action import RemoteAction
from rasa.core.agent import Agent
from rasa.shared.core.constants import DEFAULT_ACTION_NAMES
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, Restarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig
from rasa.utils.log_utils import configure_structlog

from bench.load import public_conversations
from bot import paths
from bot.evaluate import ActionServer
from bot.rasa_cli import close_kept_connections, speed_up_rasa
from bot.slot_events import drop_unchanged_slot_events, without_unchanged_slots
from bot.tracker_store import KitInMemoryTrackerStore
from tests.rasa.test_rule_policy import CONVERSATIONS

DOMAIN = Domain.load(str(paths.DOMAIN_FILE))
PRESS = object()  # in a conversation: press the first button Kit's last replies show

# A story started, typed into, paused by a disclosure ("Yes, I'm safe"), resumed and stopped.
STORY = ["try a story", PRESS, PRESS, "someone is being mean to me online", "my friend said she wants to die",
         PRESS, PRESS, PRESS, "stop the story", "thanks"]


def tracker_with(*events) -> DialogueStateTracker:
    return DialogueStateTracker.from_events("pupil", [ActionExecuted("action_listen"), *events], DOMAIN.slots)


def test_only_slot_events_that_change_a_slot_are_kept():
    tracker = tracker_with(SlotSet("topic", "gaming"), SlotSet("risks", ["grooming"]), SlotSet("concern", True))
    result = [SlotSet("topic", "gaming"), BotUttered("hello"), SlotSet("risk", "none"),
              SlotSet("risks", ["grooming"]), SlotSet("concern", 1), SlotSet("involved", None),
              SlotSet("topic", "cyberbullying"), SlotSet("topic", "cyberbullying"), SlotSet("topic", "gaming"),
              SlotSet("no_such_slot", 1)]
    assert [(type(e).__name__, getattr(e, "key", None), getattr(e, "value", None))
            for e in without_unchanged_slots(tracker, result)] == [
        ("BotUttered", None, None),           # "risk" is "none" (its initial value), "involved" None
        ("SlotSet", "concern", 1),            # 1 is not True
        ("SlotSet", "topic", "cyberbullying"),
        ("SlotSet", "topic", "gaming"),       # back to what it was, after this result changed it
        ("SlotSet", "no_such_slot", 1),       # Rasa's own warning, as before
    ]


def test_after_an_event_that_is_not_a_slot_or_a_message_everything_is_kept():
    tracker = tracker_with(SlotSet("topic", "gaming"))
    result = [SlotSet("topic", "gaming"), Restarted(), SlotSet("topic", "gaming")]
    assert without_unchanged_slots(tracker, result) == result[1:]


def test_patching_twice_keeps_one_wrapper(monkeypatch):
    monkeypatch.setattr(RemoteAction, "run", RemoteAction.run)  # put back afterwards: `played` patches its own way
    drop_unchanged_slot_events()
    once = RemoteAction.run
    drop_unchanged_slot_events()
    assert RemoteAction.run is once and not getattr(once.rasa_run, "kit_cached", False)


async def play(agent: Agent, conversations) -> list:
    """Each conversation's whole tracker and Kit's replies, with Rasa's response
    variations drawn from the same seed."""
    np.random.seed(24)
    played = []
    for conversation in conversations:
        sender = uuid.uuid4().hex
        replies = await agent.handle_text('/start_session{"age_band":"11-13"}', sender_id=sender)
        said = []
        for text in conversation:
            if text is PRESS:
                text = next(b["payload"] for r in replies for b in r.get("buttons") or [])
            replies = await agent.handle_text(text, sender_id=sender) or []
            said.append([(r.get("text"), r.get("buttons")) for r in replies])
        played.append((await agent.tracker_store.retrieve_full_tracker(sender), said))
    return played


@pytest.fixture(scope="module")
def played(trained_model):
    """The same conversations played with Rasa's RemoteAction.run and with Kit's."""
    configure_structlog(logging.WARNING)
    speed_up_rasa()
    kits = RemoteAction.run
    rasas = getattr(kits, "rasa_run", kits)
    conversations = [STORY, *CONVERSATIONS, *(case.texts for case in public_conversations(
        paths.ROOT.parent / "shared/eval/public_cases.yml"))]
    server = ActionServer()
    endpoint = EndpointConfig(url=f"{server.url}/webhook", enable_selective_domain=True)
    agent = Agent.load(str(trained_model), action_endpoint=endpoint, tracker_store=KitInMemoryTrackerStore(DOMAIN))

    async def both():
        try:
            RemoteAction.run = rasas
            rasa_played = await play(agent, conversations)
            RemoteAction.run = kits
            return rasa_played, await play(agent, conversations)
        finally:
            RemoteAction.run = kits
            await close_kept_connections()

    try:
        yield asyncio.run(both())
    finally:
        server.close()


def unchanged_slot_events(tracker: DialogueStateTracker) -> int:
    """How many slot events of Kit's actions set a slot to the value it had."""
    replay, action, count = tracker.init_copy(), None, 0
    for event in tracker.events:
        if isinstance(event, ActionExecuted):
            action = event.action_name
        elif isinstance(event, SlotSet) and action not in DEFAULT_ACTION_NAMES:
            slot = replay.slots[event.key]
            count += type(slot.value) is type(event.value) and slot.value == event.value
        replay.update(event)
    return count


def test_a_served_conversation_holds_no_slot_event_that_changes_nothing(played):
    _, kits = played
    assert sum(unchanged_slot_events(tracker) for tracker, _ in kits) == 0


def test_rasa_does_the_same_without_them(played):
    rasas, kits = played
    for (rasa_tracker, rasa_said), (kit_tracker, kit_said) in zip(rasas, kits):
        assert kit_said == rasa_said
        assert [e.action_name for e in kit_tracker.events if isinstance(e, ActionExecuted)] == \
               [e.action_name for e in rasa_tracker.events if isinstance(e, ActionExecuted)]
        assert kit_tracker.past_states(DOMAIN) == rasa_tracker.past_states(DOMAIN)
        assert kit_tracker.current_slot_values() == rasa_tracker.current_slot_values()
        assert [e for e in kit_tracker.events if not isinstance(e, SlotSet)] == \
               [e for e in rasa_tracker.events if not isinstance(e, SlotSet)]
    # the paths the rules' slot conditions guard were taken
    actions = {e.action_name for tracker, _ in kits for e in tracker.events if isinstance(e, ActionExecuted)}
    assert {"action_concern_followup", "action_scenario_typed", "action_scenario_offer_resume"} <= actions
    # exactly the events that changed nothing are gone: about half of them here, in short conversations
    slot_events = [[e for e in t.events if isinstance(e, SlotSet)] for t, _ in (*kits, *rasas)]
    unchanged = [unchanged_slot_events(t) for t, _ in rasas]
    assert [len(events) for events in slot_events[:len(kits)]] == \
           [len(events) - dropped for events, dropped in zip(slot_events[len(kits):], unchanged)]
    assert sum(unchanged) > sum(len(events) for events in slot_events[len(kits):]) / 3
    assert sum(isinstance(e, UserUttered) for t, _ in kits for e in t.events) > 100
