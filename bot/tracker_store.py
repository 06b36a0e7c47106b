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
"""
from __future__ import annotations

import time
from typing import Optional, Text

from rasa.core.tracker_store import InMemoryTrackerStore
from rasa.shared.core.constants import ACTION_SESSION_START_NAME
from rasa.shared.core.events import ActionExecuted
from rasa.shared.core.trackers import DialogueStateTracker, get_trackers_for_conversation_sessions


class KitInMemoryTrackerStore(InMemoryTrackerStore):
    SWEEP_EVERY_SECONDS = 60.0

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._last_sweep = time.time()

    async def save(self, tracker: DialogueStateTracker) -> None:
        await self.stream_events(tracker)
        self.store[tracker.sender_id] = tracker
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
        return len(expired)

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


def _last_active(tracker: DialogueStateTracker) -> float:
    return tracker.events[-1].timestamp if tracker.events else 0.0
