"""Rasa's command line (`python -m bot.rasa_cli run ...` = `rasa run ...`) with
speed fixes applied first; the launcher starts Rasa this way, and the
evaluator applies the same fixes to its in-process agent.

Each fix was found with cProfile (bench/LEVERS.md) and gives the same result
as the Rasa code it stands in front of:

1. Action results. Rasa 3.6 checks every action server response with
   `jsonschema.validate()`, which first re-checks its large events schema
   against the JSON Schema meta-schema, then tries every event against all 23
   event schemas (`oneOf`). Here the check is built once, and each event is
   checked against the one schema its `event` name selects. The 23 schemas
   each pin a different name, so an event passes that one exactly when it
   passes `oneOf`. Anything that fails goes through Rasa's own check, so it
   fails with Rasa's own error.
2. Event types. Rasa finds an event's class by walking every subclass of
   `Event` (with `inspect.isabstract` on each), for every event of a tracker it
   loads from the tracker store, on every message. The classes do not change
   while Rasa runs, so each name is looked up once.
3. The model graph runs in order without dask (bot/graph_runner.py), for
   serving only: `rasa train` keeps Rasa's own runner.
4. Action calls. Rasa sends the action server the whole conversation, every
   event of it, on every call, and the action server parses it all again. Kit's
   actions read the slots and the latest message only (tests/actions builds
   their trackers with no events), so they get this turn's events, from the
   pupil's latest message on. The rest of the tracker is as Rasa sends it.
   This also keeps a pupil's earlier words out of every action call.
5. Connections. Rasa opens a new HTTP client, and a new TCP connection, for
   every action call. Here each endpoint keeps one client per event loop, so
   connections are reused: about 0.7 ms less Rasa CPU a message. aiohttp drops
   an idle connection after 15 s and the action server keeps its side open
   for 60 s (actions/server.py), so the server never closes one first. The
   clients are closed with Rasa's other resources when the server stops.
6. Slot events. Kit's actions return their slots every turn, most of them
   unchanged; those that change nothing are not added to the conversation
   (bot/slot_events.py). This one is for memory: a conversation held in Rasa
   takes ~2.5 KiB a message less (bench/LEVERS.md); dialogue states and
   predictions are the same (tests/bot/test_slot_events.py).
7. Garbage collection. Once the model has loaded, everything then alive is
   kept out of the collector's reach (bot/gc_freeze.py): a full collection
   would otherwise walk the model's quarter of a million objects with the
   event loop stopped.
"""
from __future__ import annotations

import asyncio
import weakref
from functools import lru_cache
from typing import Any, Callable, Dict

_KEPT_OPEN: "weakref.WeakSet[Any]" = weakref.WeakSet()  # pooled HTTP clients


@lru_cache(maxsize=1)
def _action_result_checks() -> Dict[str, Callable[[Any], bool]]:
    """One validator for the result without its events, one per event name."""
    from jsonschema.validators import validator_for
    from rasa.core.actions.action import RemoteAction
    from rasa.shared.utils.schemas.events import EVENT_SCHEMA

    schema = RemoteAction.action_response_format_spec()
    cls = validator_for(schema)
    cls.check_schema(schema)
    without_events = {**schema, "properties": {**schema["properties"], "events": {"type": "array"}}}
    common = {key: value for key, value in EVENT_SCHEMA.items() if key != "oneOf"}
    checks = {"": cls(without_events).is_valid}
    for branch in EVENT_SCHEMA["oneOf"]:
        name = branch["properties"]["event"]["const"]
        checks[name] = cls({**common, "allOf": [branch]}).is_valid
    return checks


def _surely_valid(result: Any) -> bool:
    checks = _action_result_checks()
    if not checks[""](result):
        return False
    for event in result.get("events") or []:
        check = checks.get(event.get("event")) if isinstance(event, dict) else None
        if check is None or not check(event):
            return False
    return True


def speed_up_action_result_validation() -> None:
    from rasa.core.actions.action import RemoteAction

    rasa_check = RemoteAction._validate_action_result
    if getattr(rasa_check, "kit_cached", False):
        return

    def validate_action_result(self, result) -> bool:
        if _surely_valid(result):
            return True
        return rasa_check(self, result)

    validate_action_result.kit_cached = True
    RemoteAction._validate_action_result = validate_action_result


def speed_up_event_types() -> None:
    from rasa.shared.core.events import Event

    rasa_resolve = Event.resolve_by_type
    if getattr(rasa_resolve, "kit_cached", False):
        return
    found: Dict[str, type] = {}

    def resolve_by_type(type_name, default=None):
        cls = found.get(type_name)
        if cls is None:
            cls = rasa_resolve(type_name, default)  # Rasa's own answer, or its error
            if cls is not None and cls is not default:
                found[type_name] = cls
        return cls

    resolve_by_type.kit_cached = True
    Event.resolve_by_type = staticmethod(resolve_by_type)


def send_actions_this_turn_only() -> None:
    from rasa.core.actions.action import RemoteAction

    rasa_format = RemoteAction._action_call_format
    if getattr(rasa_format, "kit_cached", False):
        return

    def action_call_format(self, tracker, domain):
        from rasa.shared.core.events import UserUttered

        turn = []
        for event in reversed(tracker.events):
            turn.append(event)
            if isinstance(event, UserUttered):
                break
        events, tracker.events = tracker.events, turn[::-1]
        try:  # Rasa's own request, built from this turn's events
            return rasa_format(self, tracker, domain)
        finally:
            tracker.events = events

    action_call_format.kit_cached = True
    RemoteAction._action_call_format = action_call_format


class _KeptOpen:
    """`async with` for a pooled client: hands it out, does not close it."""

    def __init__(self, client) -> None:
        self.client = client

    async def __aenter__(self):
        return self.client

    async def __aexit__(self, *_exc) -> None:
        return None


async def close_kept_connections() -> None:
    for client in list(_KEPT_OPEN):
        if not client.closed:
            await client.close()


def keep_connections_open() -> None:
    import rasa.core.run
    from rasa.utils.endpoints import EndpointConfig

    rasa_session = EndpointConfig.session
    if getattr(rasa_session, "kit_cached", False):
        return

    def session(self):
        pooled = self.__dict__.setdefault("_kit_clients", weakref.WeakKeyDictionary())
        loop = asyncio.get_running_loop()
        client = pooled.get(loop)
        if client is None or client.closed:
            client = pooled[loop] = rasa_session(self)  # Rasa's own client settings
            _KEPT_OPEN.add(client)
        return _KeptOpen(client)

    rasa_close = rasa.core.run.close_resources

    async def close_resources(app, loop) -> None:
        await close_kept_connections()
        await rasa_close(app, loop)

    session.kit_cached = True
    EndpointConfig.session = session
    rasa.core.run.close_resources = close_resources


def freeze_after_loading() -> None:
    import rasa.core.run

    from bot.gc_freeze import freeze_loaded_objects

    rasa_load = rasa.core.run.load_agent_on_start
    if getattr(rasa_load, "kit_frozen", False):
        return

    async def load_agent_on_start(model_path, endpoints, remote_storage, app, loop):
        agent = await rasa_load(model_path, endpoints, remote_storage, app, loop)
        freeze_loaded_objects()
        return agent

    load_agent_on_start.kit_frozen = True
    rasa.core.run.load_agent_on_start = load_agent_on_start


def run_graph_in_order() -> None:
    import rasa.core.processor

    from bot.graph_runner import SequentialGraphRunner

    rasa.core.processor.DaskGraphRunner = SequentialGraphRunner


def speed_up_rasa() -> None:
    from bot.slot_events import drop_unchanged_slot_events  # imports Rasa: not at the top (see main)

    speed_up_action_result_validation()
    speed_up_event_types()
    run_graph_in_order()
    send_actions_this_turn_only()
    keep_connections_open()
    drop_unchanged_slot_events()
    freeze_after_loading()


def main() -> None:
    import sys

    from bot.without_tensorflow import serve_without_tensorflow

    serve_without_tensorflow(sys.argv[1:])  # before anything imports Rasa
    speed_up_rasa()
    from rasa.__main__ import main as rasa_main

    rasa_main()


if __name__ == "__main__":
    main()
