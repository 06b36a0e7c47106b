"""KitInMemoryTrackerStore: conversations kept in memory as they are.

Rasa's InMemoryTrackerStore keeps each conversation as JSON text: on every
message it parses the whole conversation back into events and replays them,
and afterwards writes it all out again. The cost grows with the conversation:
at 100-160 turns that was about a third of Rasa's time per message
(bench/LEVERS.md). This store keeps the tracker object itself. Rasa's lock
store lets one message at a time work on a conversation, and it saves the
tracker it was handed, so nothing else sees it half-done.

What a pupil gets is the same: like Rasa's store, `retrieve` gives only the
latest conversation session, and nothing is written to disk.

Unlike Rasa's store, it forgets a conversation once its session has expired
(the domain's `session_expiration_time`; the web app ends a pupil's session
after the same idle time, so nobody can come back to it). Rasa's store kept
every conversation, with the pupil's words, for as long as the process ran,
and `make soak` showed memory growing with it. A sweep runs at most once a
minute, from `save`.

It also keeps earlier turns lean. Once a turn is over, Rasa reads its events
only as dialogue states (intent, entities, slots, actions) and to split
sessions; Kit's actions get the current turn's events only (bot/rasa_cli.py).
So a finished turn's parse result keeps its intent, entities, text and ids,
and drops the NLU's rankings, tokens and Kit's screen results, and its bot
messages keep their text and drop buttons and response metadata, which were
sent to the pupil in that turn. A message held took ~17 KiB, most of it those
(bench/LEVERS.md, issue #24). Every finished event also drops the model and
assistant ids Rasa stamps on each event as it is logged (a dict of its own
per event; read by event brokers and exports, which Kit has none of), and a
bot message's text is interned: Kit's replies are a few hundred texts, each
otherwise held again in every conversation that got it. Finished events share
read-only objects where theirs would be equal: one empty metadata, one empty
entity list, one intent dict per intent and confidence (to 2 places).
"""
from __future__ import annotations

import copy
import sys
import time
from typing import Dict, Optional, Text, Tuple

from rasa.core.tracker_store import InMemoryTrackerStore
from rasa.shared.constants import ASSISTANT_ID_KEY
from rasa.shared.core.constants import ACTION_LISTEN_NAME, ACTION_SESSION_START_NAME
from rasa.shared.core.events import ActionExecuted, BotUttered, Event, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker, get_trackers_for_conversation_sessions
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, METADATA_MODEL_ID, TEXT

from bot.dialogue import CONTEXT_PLAUSIBLE
from bot.ids import TOPICS
from bot.nlu.safety_gate import KIT_OUTPUT

# What a finished turn's parse result keeps: what Rasa's dialogue states and
# its session split read. `message_id` and `metadata` are small ids.
KEPT_PARSE_DATA = (INTENT, ENTITIES, TEXT, "message_id", "metadata")
# What the latest message keeps once its turn is over: also Kit's result and
# the ranking's topics that could change a decision (_make_latest_lean).
KEPT_LATEST_PARSE_DATA = KEPT_PARSE_DATA + (KIT_OUTPUT,)
# What DialogueStateTracker.update adds to every event's metadata.
RASA_STAMPS = (METADATA_MODEL_ID, ASSISTANT_ID_KEY)


def _read_only(self, *args, **kwargs):
    raise TypeError("a finished event is read-only")


class _Shared:
    """What finished events share in place of their own copies. Nothing
    writes to a finished event; if anything tried, it would fail here rather
    than write into every conversation at once. A copy, deep copy or
    unpickled copy (unpickling writes) is a plain, writable `_plain`."""

    _plain: type

    def __copy__(self):
        return self._plain(self)

    def __deepcopy__(self, memo):
        return copy.deepcopy(self._plain(self), memo)

    def __reduce__(self):
        return self._plain, (self._plain(self),)


class _ReadOnlyDict(_Shared, dict):
    """The one empty `metadata` (a bot message's `data` too; ~8 events a
    message, 64 bytes each) and one intent per name and confidence."""

    _plain = dict
    __setitem__ = __delitem__ = update = setdefault = pop = popitem = clear = _read_only  # type: ignore[assignment]
    __ior__ = _read_only  # type: ignore[assignment]


class _ReadOnlyList(_Shared, list):
    """The one empty entity list finished user messages share (two lists a
    message, in the event and in its parse result). Rasa appends to a
    message's entities only for TEDPolicy's EntitiesAdded, which Kit does not
    use."""

    _plain = list
    __setitem__ = __delitem__ = __iadd__ = __imul__ = append = extend = insert = _read_only  # type: ignore[assignment]
    pop = remove = clear = sort = reverse = _read_only  # type: ignore[assignment]


NO_METADATA = _ReadOnlyDict()
NO_ENTITIES = _ReadOnlyList()
# A finished message's intent, shared by name and confidence (to 2 places:
# Rasa reads only the name of an earlier turn's intent). At most a few
# thousand, however many conversations are held.
_SHARED_INTENTS: Dict[Tuple[Optional[Text], float], dict] = {}


def shared_intent(intent: dict) -> dict:
    if set(intent) != {"name", "confidence"}:
        return intent
    key = (intent["name"], round(float(intent["confidence"] or 0.0), 2))
    if key not in _SHARED_INTENTS:
        _SHARED_INTENTS[key] = _ReadOnlyDict(name=key[0], confidence=key[1])
    return _SHARED_INTENTS[key]


class KitInMemoryTrackerStore(InMemoryTrackerStore):
    SWEEP_EVERY_SECONDS = 60.0

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._last_sweep = time.time()
        self._lean_upto: Dict[Text, int] = {}  # per conversation: events before this index are lean

    async def save(self, tracker: DialogueStateTracker) -> None:
        await self.stream_events(tracker)
        self.store[tracker.sender_id] = tracker
        self._lean_upto[tracker.sender_id] = lean_finished_turns(tracker, self._lean_upto.get(tracker.sender_id, 0))
        now = time.time()
        if now - self._last_sweep >= self.SWEEP_EVERY_SECONDS:
            self._last_sweep = now
            self.forget_expired(now)

    def forget_expired(self, now: float) -> int:
        """Drops the conversations whose last event is older than the session
        expiry (none if sessions never expire); returns how many."""
        minutes = self.domain.session_config.session_expiration_time
        if minutes <= 0:  # sessions never expire
            return 0
        cutoff = now - 60 * minutes
        expired = [sender for sender, tracker in self.store.items() if _last_active(tracker) < cutoff]
        for sender in expired:
            del self.store[sender]
            self._lean_upto.pop(sender, None)
        return len(expired)

    async def _retrieve(self, sender_id: Text, fetch_all_sessions: bool) -> Optional[DialogueStateTracker]:
        tracker = self.store.get(sender_id)
        if tracker is None or fetch_all_sessions:
            return tracker
        if _sessions_in(tracker) <= 1:
            return tracker
        # Rasa's own split: the latest session only.
        return get_trackers_for_conversation_sessions(tracker)[-1]


def lean_finished_turns(tracker: DialogueStateTracker, start: int) -> int:
    """Makes the events of finished turns (before the latest user message)
    from index `start` on lean; returns the index where the current turn
    begins. A tracker that is shorter than `start` (a new session replaced
    it) is walked from the beginning: making an event lean twice is harmless."""
    events = list(tracker.events)
    current = max((i for i, event in enumerate(events) if isinstance(event, UserUttered)), default=0)
    for event in events[start if start <= len(events) else 0:current]:
        _make_lean(event)
    if events and isinstance(events[current], UserUttered) and _is_listening(events[-1]):
        _make_latest_lean(events[current])
    return current


def _is_listening(event: Event) -> bool:
    """The turn is over: Rasa waits for the pupil's next message."""
    return isinstance(event, ActionExecuted) and event.action_name == ACTION_LISTEN_NAME


def _make_latest_lean(message: UserUttered) -> None:
    data = message.parse_data
    kept = {key: data[key] for key in KEPT_LATEST_PARSE_DATA if key in data}
    if INTENT_RANKING_KEY in data:
        # The topics turn_topic and close_topics (actions/topic.py) could
        # read: the first two, the message's own, and any a conversation's
        # topic could fall back to. The rest (~200 bytes each) change nothing.
        topic = (data.get(KIT_OUTPUT) or {}).get("topic")
        topics = [r for r in data[INTENT_RANKING_KEY] if r.get("name") in TOPICS]
        kept[INTENT_RANKING_KEY] = [r for i, r in enumerate(topics) if i < 2 or r.get("name") == topic
                                    or r.get("confidence", 0.0) >= CONTEXT_PLAUSIBLE]
    message.parse_data = kept


def _make_lean(event: Event) -> None:
    metadata = event.metadata
    if any(key in (event.metadata or {}) for key in RASA_STAMPS):
        event.metadata = {key: value for key, value in event.metadata.items() if key not in RASA_STAMPS}
    if not event.metadata:
        event.metadata = NO_METADATA
    if isinstance(event, UserUttered):
        data = event.parse_data
        event.parse_data = {key: data[key] for key in KEPT_PARSE_DATA if key in data}
        if isinstance(event.intent, dict):
            event.intent = shared_intent(event.intent)
            if data.get(INTENT) is not None:
                event.parse_data[INTENT] = shared_intent(data[INTENT])
        if not event.entities:
            event.entities = NO_ENTITIES
        if ENTITIES in data and not data[ENTITIES]:
            event.parse_data[ENTITIES] = NO_ENTITIES
        if "metadata" in data and (data["metadata"] is metadata or not data["metadata"]):
            event.parse_data["metadata"] = event.metadata
    elif isinstance(event, BotUttered):
        event.data, event.metadata = NO_METADATA, NO_METADATA
        if isinstance(event.text, str):
            event.text = sys.intern(event.text)


def _sessions_in(tracker: DialogueStateTracker) -> int:
    """How many parts Rasa's session split would give, without making them."""
    parts, current = 0, False
    for event in tracker.events:
        if isinstance(event, ActionExecuted) and event.action_name == ACTION_SESSION_START_NAME and current:
            parts += 1
        current = True
    return parts + current


def _last_active(tracker: DialogueStateTracker) -> float:
    return tracker.events[-1].timestamp if tracker.events else 0.0
