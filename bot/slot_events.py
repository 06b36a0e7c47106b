"""Kit's actions' slot events that change nothing are not kept (issue #24).

Kit's actions return the conversation's state on every turn (`involved`,
`demand`, `image_sent`, `topic`, `risk`...), so most of their `SlotSet`s set a
slot to the value it already has: 77 % of them, ~2.5 KiB of every message a
conversation holds in Rasa's memory (bench/LEVERS.md). Rasa applies an
action's events in order, after the action, to the tracker the action ran on
(plus the policy's own events, which set no slots here). So an event that
sets a slot to its current value changes nothing Rasa reads: dialogue states
and rule conditions (`slot_was_set`) are built from slot values at each
action, not from slot events, and Kit has no forms (the one place Rasa looks
for slot events in the current turn).

`without_unchanged_slots` drops such events when the new value is the same
JSON value of the same type (`True` is not `1`, `1.0` is not `1`). A slot
still at its initial value then stays marked "not set" (`has_been_set`), which
Rasa reads only when it trains rules (`omit_unset_slots`), never to predict;
the flag is not stored with a conversation either, so Rasa's own stores
rebuild it from the events the same way. Events of a result are followed in
order; the first event that is neither a slot nor a bot message (a restart, a
reset, a rewind) ends the filtering and everything from it on is kept as it is.
"""
from __future__ import annotations

import json
from typing import Any, Dict, List

from rasa.shared.core.events import BotUttered, Event, SlotSet
from rasa.shared.core.trackers import DialogueStateTracker


def without_unchanged_slots(tracker: DialogueStateTracker, events: List[Event]) -> List[Event]:
    """`events` (as an action returned them for `tracker`) without the slot
    events that set a slot to the value it has at that point."""
    set_here: Dict[str, Any] = {}  # slots this result's earlier events set
    kept = []
    for index, event in enumerate(events):
        if isinstance(event, SlotSet):
            slot = tracker.slots.get(event.key)
            if slot is not None and _same(set_here.get(event.key, slot.value), event.value):
                continue
            set_here[event.key] = event.value
        elif not isinstance(event, BotUttered):
            return kept + list(events[index:])
        kept.append(event)
    return kept


def _same(old: Any, new: Any) -> bool:
    try:
        return json.dumps(old, sort_keys=True) == json.dumps(new, sort_keys=True)
    except (TypeError, ValueError):  # not plain JSON: keep the event
        return False


def drop_unchanged_slot_events() -> None:
    """Kit's actions (Rasa's RemoteAction) hand Rasa only the slot events that change a slot."""
    from rasa.core.actions.action import RemoteAction

    rasa_run = RemoteAction.run
    if getattr(rasa_run, "kit_cached", False):
        return

    async def run(self, output_channel, nlg, tracker, domain):
        return without_unchanged_slots(tracker, await rasa_run(self, output_channel, nlg, tracker, domain))

    run.kit_cached = True
    run.rasa_run = rasa_run  # Rasa's own, for tests that compare
    RemoteAction.run = run
