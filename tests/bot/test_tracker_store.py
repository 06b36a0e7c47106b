"""KitInMemoryTrackerStore (bot/tracker_store.py) hands Rasa the same
conversations as Rasa's InMemoryTrackerStore: the latest session only, with
the same events and slots, and it is what endpoints.yml configures."""
from __future__ import annotations

import copy
import json
import pickle

import pytest
from rasa.core.tracker_store import InMemoryTrackerStore, TrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity, get_trackers_for_conversation_sessions
from rasa.utils.endpoints import read_endpoint_config

from bot import paths
from bot.dialogue import turn_topic
from bot.tracker_store import NO_ENTITIES, KitInMemoryTrackerStore, _sessions_in, shared_intent

DOMAIN = Domain.load(str(paths.DOMAIN_FILE))


def session(text: str, topic: str):
    return [ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen"),
            UserUttered(text, {"name": "greet", "confidence": 1.0}), SlotSet("topic", topic),
            ActionExecuted("utter_greet"), ActionExecuted("action_listen")]


CONVERSATIONS = {
    "one session": session("hi", "gaming"),
    "two sessions": session("hi", "gaming") + session("hello again", "privacy_security"),
    "events before the first session": [SlotSet("age_band", "8-10")] + session("hi", "gaming"),
    "no session start": [ActionExecuted("action_listen"), UserUttered("hi", {"name": "greet"})],
}


@pytest.mark.parametrize("name", CONVERSATIONS)
async def test_the_same_conversation_as_rasas_store(name):
    events = CONVERSATIONS[name]
    ours, rasas = KitInMemoryTrackerStore(DOMAIN), InMemoryTrackerStore(DOMAIN)
    for store in (ours, rasas):
        await store.save(DialogueStateTracker.from_events(name, events, DOMAIN.slots))
    got, expected = await ours.retrieve(name), await rasas.retrieve(name)
    assert list(got.events) == list(expected.events)
    assert got.current_slot_values() == expected.current_slot_values()
    assert list((await ours.retrieve_full_tracker(name)).events) == list((await rasas.retrieve_full_tracker(name)).events)
    tracker = DialogueStateTracker.from_events(name, events, DOMAIN.slots)
    assert _sessions_in(tracker) == len(get_trackers_for_conversation_sessions(tracker))


async def test_a_conversation_is_kept_as_it_is_and_unknown_ones_are_none():
    store = KitInMemoryTrackerStore(DOMAIN)
    assert await store.retrieve("nobody") is None
    tracker = DialogueStateTracker.from_events("pupil", session("hi", "gaming"), DOMAIN.slots)
    await store.save(tracker)
    again = await store.retrieve("pupil")
    assert again is tracker  # no JSON round trip
    again.update(UserUttered("and another thing", {"name": "greet"}))
    await store.save(again)
    assert (await store.retrieve("pupil")).latest_message.text == "and another thing"
    assert list(await store.keys()) == ["pupil"]


def test_endpoints_yml_configures_this_store(monkeypatch):
    monkeypatch.setenv("KIT_ACTIONS_URL", "http://127.0.0.1:1/webhook")
    config = read_endpoint_config(str(paths.ROOT / "endpoints.yml"), "tracker_store")
    assert isinstance(TrackerStore.create(config, DOMAIN), KitInMemoryTrackerStore)


def at(when: float, text: str = "hi"):
    return [ActionExecuted("action_listen", timestamp=when), UserUttered(text, {"name": "greet"}, timestamp=when)]


async def test_a_conversation_is_forgotten_once_its_session_has_expired():
    store = KitInMemoryTrackerStore(DOMAIN)
    expiry = 60 * DOMAIN.session_config.session_expiration_time
    assert expiry == 3600  # the web app's KIT_SESSION_IDLE_MINUTES default: both end together
    now = 1_000_000.0
    for sender, last in (("gone", now - expiry - 1), ("just in time", now - expiry + 5), ("active", now)):
        await store.save(DialogueStateTracker.from_events(sender, at(now - 2 * expiry) + at(last), DOMAIN.slots))
    assert store.forget_expired(now) == 1
    assert await store.retrieve("gone") is None
    assert sorted(await store.keys()) == ["active", "just in time"]
    assert store.forget_expired(now + 10) == 1 and list(await store.keys()) == ["active"]


async def test_saving_sweeps_at_most_once_a_minute(monkeypatch):
    store = KitInMemoryTrackerStore(DOMAIN)
    await store.save(DialogueStateTracker.from_events("old", at(1.0), DOMAIN.slots))
    await store.save(DialogueStateTracker.from_events("new", at(2.0), DOMAIN.slots))
    assert sorted(await store.keys()) == ["new", "old"]  # no sweep yet: the store is new
    monkeypatch.setattr(store, "_last_sweep", store._last_sweep - store.SWEEP_EVERY_SECONDS)
    tracker = await store.retrieve("new")
    tracker.update(UserUttered("still here", {"name": "greet"}))  # stamped now
    await store.save(tracker)
    assert list(await store.keys()) == ["new"]


async def test_nothing_is_forgotten_when_sessions_never_expire():
    forever = Domain.from_dict({**DOMAIN.as_dict(), "session_config": {"session_expiration_time": 0}})
    store = KitInMemoryTrackerStore(forever)
    await store.save(DialogueStateTracker.from_events("old", at(1.0), forever.slots))
    assert store.forget_expired(10 ** 9) == 0 and list(await store.keys()) == ["old"]


def rich_turn(text: str, topic: str):
    """One turn as Kit's NLU and actions leave it: rankings, tokens, Kit's
    screen results, slots and a bot message with buttons."""
    parse = {"intent": {"name": topic, "confidence": 0.9}, "entities": [], "text": text,
             "intent_ranking": [{"name": topic, "confidence": 0.9}, {"name": "greet", "confidence": 0.1}],
             "text_tokens": [(0, len(text))], "risk_ranking": {"none": 0.99},
             "kit": {"risk": "none", "topic": topic, "screen": []}}
    return [UserUttered(text, parse["intent"], parse_data=parse), ActionExecuted("action_answer_topic"),
            SlotSet("topic", topic), SlotSet("risk", "none"),
            BotUttered(f"about {topic}", {"buttons": [{"title": "More", "payload": "/more"}]},
                       {"utter_action": "utter_x", "model_id": "m"}),
            ActionExecuted("action_listen")]


def two_turns():
    return session("hi", "gaming")[:3] + rich_turn("someone is mean in my game", "cyberbullying") \
        + rich_turn("they keep messaging me", "cyberbullying")


async def test_finished_turns_keep_what_dialogue_needs_and_the_current_turn_is_whole():
    store = KitInMemoryTrackerStore(DOMAIN)
    await store.save(DialogueStateTracker.from_events("pupil", two_turns(), DOMAIN.slots))
    events = list((await store.retrieve("pupil")).events)
    finished, current = [e for e in events if isinstance(e, UserUttered)]
    assert finished.parse_data == {"intent": {"name": "cyberbullying", "confidence": 0.9}, "entities": [],
                                   "text": "someone is mean in my game", "message_id": None, "metadata": {}}
    bot_before = next(e for e in events if isinstance(e, BotUttered))
    assert (bot_before.text, bot_before.data, bot_before.metadata) == ("about cyberbullying", {}, {})
    assert current.parse_data == {**finished.parse_data, "text": "they keep messaging me",
                                  "kit": {"risk": "none", "topic": "cyberbullying", "screen": []},
                                  "intent_ranking": [{"name": "cyberbullying", "confidence": 0.9}]}
    assert events[-2].data["buttons"]  # this turn's bot message is untouched


async def test_the_latest_message_is_whole_until_its_turn_is_over():
    """Kit's actions read the whole parse result (the faq selector's answer,
    the full ranking) while the turn runs; after it, what bot.dialogue.turn_topic
    reads gives the same topic as the whole result."""
    store = KitInMemoryTrackerStore(DOMAIN)
    running = two_turns()[:-1]
    running[-5].parse_data["intent_ranking"] = [  # weak: a conversation's topic may win (turn_topic)
        {"name": "cyberbullying", "confidence": 0.4}, {"name": "greet", "confidence": 0.35},
        {"name": "gaming", "confidence": 0.15}, {"name": "faq", "confidence": 0.05},
        {"name": "grooming", "confidence": 0.03}, {"name": "sextortion", "confidence": 0.02}]
    whole = dict(running[-5].parse_data)
    await store.save(DialogueStateTracker.from_events("pupil", running, DOMAIN.slots))
    assert (await store.retrieve("pupil")).latest_message.parse_data == whole
    tracker = await store.retrieve("pupil")
    tracker.update(ActionExecuted("action_listen"))
    await store.save(tracker)
    lean = (await store.retrieve("pupil")).latest_message.parse_data
    assert "text_tokens" not in lean and "risk_ranking" not in lean
    assert [turn_topic(lean, previous) for previous in (None, "gaming", "grooming")] \
        == [turn_topic(whole, previous) for previous in (None, "gaming", "grooming")] \
        == ["cyberbullying", "gaming", "cyberbullying"]
    # Only the topics that could change a decision stay: the first two
    # (actions/topic.close_topics) and those a conversation could fall back to.
    assert [r["name"] for r in lean["intent_ranking"]] == ["cyberbullying", "gaming"]


async def test_lean_turns_give_rasa_the_same_dialogue_states_and_sessions():
    store = KitInMemoryTrackerStore(DOMAIN)
    events = two_turns() + session("back again", "gaming")
    await store.save(DialogueStateTracker.from_events("pupil", events, DOMAIN.slots))
    lean = await store.retrieve_full_tracker("pupil")
    whole = DialogueStateTracker.from_events("pupil", two_turns() + session("back again", "gaming"), DOMAIN.slots)
    assert lean.past_states(DOMAIN) == whole.past_states(DOMAIN)
    assert lean.current_slot_values() == whole.current_slot_values()
    assert _sessions_in(lean) == len(get_trackers_for_conversation_sessions(whole))
    assert [type(e) for e in lean.events] == [type(e) for e in whole.events]


async def test_a_new_session_tracker_shorter_than_before_is_made_lean_from_its_start():
    store = KitInMemoryTrackerStore(DOMAIN)
    await store.save(DialogueStateTracker.from_events("pupil", two_turns() + two_turns(), DOMAIN.slots))
    await store.save(DialogueStateTracker.from_events("pupil", two_turns(), DOMAIN.slots))
    first = next(e for e in (await store.retrieve("pupil")).events if isinstance(e, UserUttered))
    assert "intent_ranking" not in first.parse_data


def served(sender: str, events) -> DialogueStateTracker:
    """A tracker whose events were logged as the served Rasa logs them, stamped with its ids."""
    tracker = DialogueStateTracker(sender, DOMAIN.slots)
    tracker.model_id, tracker.assistant_id = "model-1", "kit"
    for event in events:
        tracker.update(event)
    return tracker


async def test_finished_events_drop_rasas_ids_and_conversations_share_kits_reply_texts():
    store = KitInMemoryTrackerStore(DOMAIN)
    for sender in ("one", "two"):
        await store.save(served(sender, two_turns()))
    one, two = [list((await store.retrieve(sender)).events) for sender in ("one", "two")]
    current = max(i for i, event in enumerate(one) if isinstance(event, UserUttered))
    assert [e.metadata for e in one[:current] if e.metadata] == []
    assert all({"model_id", "assistant_id"} <= set(e.metadata) for e in one[current:])  # the current turn is whole
    replies = [[e.text for e in events[:current] if isinstance(e, BotUttered)] for events in (one, two)]
    assert replies[0] == ["about cyberbullying"] and replies[0][0] is replies[1][0]  # one copy, not one a conversation
    lean, whole = await store.retrieve_full_tracker("one"), served("one", two_turns())
    assert lean.past_states(DOMAIN) == whole.past_states(DOMAIN)


async def test_finished_events_share_one_read_only_empty_metadata():
    store = KitInMemoryTrackerStore(DOMAIN)
    for sender in ("one", "two"):
        await store.save(served(sender, two_turns()))
    one, two = [list((await store.retrieve(sender)).events) for sender in ("one", "two")]
    current = max(i for i, event in enumerate(one) if isinstance(event, UserUttered))
    finished = [e.metadata for e in one[:current] + two[:current]]
    finished += [e.data for e in one[:current] if isinstance(e, BotUttered)]
    assert finished and all(m is finished[0] for m in finished)  # one dict for every finished event
    assert all(e.metadata is not finished[0] for e in one[current:])  # the current turn keeps its own
    with pytest.raises(TypeError):
        finished[0]["model_id"] = "x"  # a write would reach every conversation: it fails instead
    assert finished[0] == {}
    tracker = await store.retrieve("one")
    copied = copy.deepcopy(tracker)  # a deep copy's metadata is its own, and writable
    copied.events[0].metadata["note"] = 1
    assert finished[0] == {} and type(copied.events[1].metadata) is dict
    # Rasa replaces metadata rather than writing into it (DialogueStateTracker.update)
    assert tracker.copy().past_states(DOMAIN) == tracker.past_states(DOMAIN)
    events = json.loads(json.dumps(tracker.current_state(EventVerbosity.ALL)))["events"]
    assert events[0].get("metadata", {}) == {} and len(events) == len(tracker.events)


async def test_finished_user_messages_share_read_only_intents_and_empty_entities():
    store = KitInMemoryTrackerStore(DOMAIN)
    for sender in ("one", "two"):
        await store.save(served(sender, two_turns() + rich_turn("and again", "cyberbullying")))
    finished = [[e for e in (await store.retrieve(sender)).events if isinstance(e, UserUttered)][1]
                for sender in ("one", "two")]
    one, two = finished
    assert one.intent == {"name": "cyberbullying", "confidence": 0.9} and one.intent is two.intent
    assert one.parse_data["intent"] is one.intent and one.entities is two.parse_data["entities"] == []
    for write in (lambda: one.intent.update(name="x"), lambda: one.entities.append({}),
                  lambda: one.parse_data["entities"].extend([{}])):
        with pytest.raises(TypeError):
            write()  # a write would reach every conversation: it fails instead
    copied = copy.deepcopy(one)  # a deep copy's are its own, and writable
    copied.intent["name"], copied.entities[:] = "x", [{"entity": "e"}]
    assert one.intent["name"] == "cyberbullying" and one.entities == []
    lean, whole = await store.retrieve_full_tracker("one"), served("one", two_turns() + rich_turn("and again", "cyberbullying"))
    assert lean.past_states(DOMAIN) == whole.past_states(DOMAIN)


def test_shared_read_only_objects_unpickle_as_plain_ones():
    intent, entities = pickle.loads(pickle.dumps((shared_intent({"name": "gaming", "confidence": 0.5}), NO_ENTITIES)))
    intent["name"], entities[:] = "x", [{"entity": "e"}]  # writable copies
    assert type(intent) is dict and type(entities) is list
