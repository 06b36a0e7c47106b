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
"""
from __future__ import annotations

from typing import Optional, Text

from rasa.core.tracker_store import InMemoryTrackerStore
from rasa.shared.core.constants import ACTION_SESSION_START_NAME
from rasa.shared.core.events import ActionExecuted
from rasa.shared.core.trackers import DialogueStateTracker, get_trackers_for_conversation_sessions


class KitInMemoryTrackerStore(InMemoryTrackerStore):
    async def save(self, tracker: DialogueStateTracker) -> None:
        await self.stream_events(tracker)
        self.store[tracker.sender_id] = tracker

    async def _retrieve(self, sender_id: Text, fetch_all_sessions: bool) -> Optional[DialogueStateTracker]:
        tracker = self.store.get(sender_id)
        if tracker is None or fetch_all_sessions:
            return tracker
        if _sessions_in(tracker) <= 1:
            return tracker
        # Rasa's own split: the latest session only.
        return get_trackers_for_conversation_sessions(tracker)[-1]


def _sessions_in(tracker: DialogueStateTracker) -> int:
    """How many parts Rasa's session split would give, without making them."""
    parts, current = 0, False
    for event in tracker.events:
        if isinstance(event, ActionExecuted) and event.action_name == ACTION_SESSION_START_NAME and current:
            parts += 1
        current = True
    return parts + current
