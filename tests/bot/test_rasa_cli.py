"""The speed fixes Rasa runs with (bot/rasa_cli.py) give Rasa's own answers:
action results pass or fail exactly as Rasa's schema says (an invalid one with
Rasa's own error), every event name resolves to the class Rasa finds, the
graph gives dask's parses, action calls carry Rasa's state with this turn's
events, and they reuse one connection."""
from __future__ import annotations

import pytest
from jsonschema import ValidationError
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.events import ActionExecuted, Event, SlotSet, UserUttered
from rasa.shared.utils.common import all_subclasses
from rasa.shared.utils.schemas.events import EVENT_SCHEMA

from bot.rasa_cli import (
    _surely_valid,
    close_kept_connections,
    freeze_after_loading,
    keep_connections_open,
    run_graph_in_order,
    send_actions_this_turn_only,
    speed_up_action_result_validation,
    speed_up_event_types,
    speed_up_rasa,
)

VALID = {"events": [{"event": "slot", "name": "topic", "value": "gaming"}],
         "responses": [{"text": "Hello", "buttons": []}]}
INVALID = {"events": [{"event": "slot", "name": 3}], "responses": "not a list"}

# What Kit's actions return, and results that break the schema in each place
# the per-event check looks: the event's own fields, the shared fields, the
# name, the top level.
RESULTS = [
    VALID,
    {"events": [], "responses": []},
    {},
    {"events": [{"event": "slot", "name": "risk", "value": None, "timestamp": None},
                {"event": "followup", "name": "action_signpost"},
                {"event": "action", "name": "utter_x", "policy": None, "confidence": 1.0},
                {"event": "session_started", "metadata": {"class_id": 3}},
                {"event": "user", "text": "hi", "parse_data": {"intent": {"name": "greet", "confidence": 0.9}}},
                {"event": "reset_slots"}, {"event": "restart"}, {"event": "bot", "text": "hello"}],
     "responses": [{"response": "utter_greet"}, {"text": "x", "buttons": [{"title": "a", "payload": "/a"}]}]},
    INVALID,
    {"events": [{"event": "slot", "name": "topic"}]},                      # slot without a value
    {"events": [{"event": "slot", "name": 3, "value": 1}]},                # wrong type in the event's schema
    {"events": [{"event": "action", "name": 5}]},
    {"events": [{"event": "slot", "name": "a", "value": 1, "timestamp": "now"}]},  # shared field
    {"events": [{"event": "bot", "metadata": "not an object"}]},
    {"events": [{"event": "no_such_event"}]},                              # unknown name
    {"events": [{"name": "topic", "value": 1}]},                           # no name
    {"events": [{"event": 7}]},
    {"events": ["slot"]},
    {"events": {"event": "slot"}},
    {"responses": [1]},
    {"events": [{"event": "user", "parse_data": {"intent": {"name": 1}}}]},
    [],
]


@pytest.fixture
def action():
    speed_up_action_result_validation()
    return RemoteAction("action_signpost", None)


def test_a_valid_result_passes(action):
    assert action._validate_action_result(VALID) is True


def test_an_invalid_result_fails_with_rasas_own_error(action):
    with pytest.raises(ValidationError, match="Failed to validate Action server response"):
        action._validate_action_result(INVALID)


@pytest.mark.parametrize("result", RESULTS)
def test_the_quick_check_passes_only_what_rasas_schema_passes(result):
    schema = RemoteAction.action_response_format_spec()
    assert _surely_valid(result) == validator_for(schema)(schema).is_valid(result)


def test_every_event_schema_pins_its_own_name():
    # The per-event check relies on this: one schema per name, no two alike.
    names = [branch["properties"]["event"]["const"] for branch in EVENT_SCHEMA["oneOf"]]
    assert len(names) == len(set(names)) == len(EVENT_SCHEMA["oneOf"])


def test_patching_twice_keeps_one_wrapper():
    speed_up_rasa()
    first = (RemoteAction._validate_action_result, RemoteAction._action_call_format, Event.resolve_by_type)
    speed_up_rasa()
    assert (RemoteAction._validate_action_result, RemoteAction._action_call_format, Event.resolve_by_type) == first


def test_every_event_name_resolves_to_rasas_class():
    speed_up_event_types()
    import rasa.core.test  # noqa: F401 - defines more classes named "user" and "action"

    classes = all_subclasses(Event)
    for name in {cls.type_name for cls in classes}:
        rasas = next(cls for cls in classes if cls.type_name == name)  # Rasa takes the first
        assert Event.resolve_by_type(name) is rasas
        assert Event.resolve_by_type(name) is rasas  # from the cache
    assert Event.from_parameters({"event": "slot", "name": "topic", "value": "gaming"}) == SlotSet("topic", "gaming")
    user = {"event": "user", "text": "hi", "parse_data": {"intent": {"name": "greet"}, "entities": []}}
    assert isinstance(Event.from_parameters(user), UserUttered)


def test_unknown_names_get_rasas_own_answers():
    speed_up_event_types()
    assert Event.resolve_by_type("no_such_event", default=ActionExecuted) is ActionExecuted
    assert Event.resolve_by_type("topic") is None  # Rasa's legacy event
    with pytest.raises(ValueError, match="Unknown event name"):
        Event.resolve_by_type("no_such_event")


async def test_the_graph_run_in_order_gives_dasks_answers(trained_model, monkeypatch):
    import logging

    import rasa.core.processor
    from rasa.core.agent import Agent
    from rasa.engine.runner.dask import DaskGraphRunner
    from rasa.utils.log_utils import configure_structlog

    from bot.graph_runner import SequentialGraphRunner

    configure_structlog(logging.WARNING)
    monkeypatch.setattr(rasa.core.processor, "DaskGraphRunner", DaskGraphRunner)  # Rasa's own, as in training
    with_dask = Agent.load(str(trained_model))
    run_graph_in_order()
    in_order = Agent.load(str(trained_model))
    assert type(with_dask.processor.graph_runner) is DaskGraphRunner
    assert type(in_order.processor.graph_runner) is SequentialGraphRunner
    for text in ["hi", "someone online keeps asking me for pictures", "how do i report a message on whatsapp",
                 "i want to hurt myself", "/choose_age_band{\"age_band\":\"8-10\"}", "asdfgh", ""]:
        assert await in_order.parse_message(text) == await with_dask.parse_message(text)


def test_an_action_call_carries_this_turns_events_and_rasas_own_state():
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity
    from rasa.utils.endpoints import EndpointConfig

    from bot import paths

    send_actions_this_turn_only()
    domain = Domain.load(str(paths.DOMAIN_FILE))
    earlier = [ActionExecuted("action_listen"), UserUttered("my first message", {"name": "greet"}),
               ActionExecuted("utter_greet"), ActionExecuted("action_listen")]
    turn = [UserUttered("someone is mean to me", {"name": "cyberbullying"}, metadata={"class_id": 4}),
            ActionExecuted("utter_cyberbullying")]
    tracker = DialogueStateTracker.from_events("pupil", earlier + turn, domain.slots)
    tracker.update(SlotSet("topic", "cyberbullying"))
    before = list(tracker.events)
    action = RemoteAction("action_signpost", EndpointConfig("http://127.0.0.1:1/webhook", enable_selective_domain=True))

    sent = action._action_call_format(tracker, domain)

    assert [e["event"] for e in sent["tracker"]["events"]] == ["user", "action", "slot"]
    assert "my first message" not in str(sent)
    whole = tracker.current_state(EventVerbosity.ALL)
    assert {k: v for k, v in sent["tracker"].items() if k != "events"} == {k: v for k, v in whole.items() if k != "events"}
    assert sent["tracker"]["latest_message"]["text"] == "someone is mean to me"
    assert sent["tracker"]["slots"]["topic"] == "cyberbullying" and "domain" not in sent
    assert list(tracker.events) == before  # the conversation itself is untouched


async def test_action_calls_reuse_one_connection_until_the_clients_are_closed():
    import asyncio

    from rasa.utils.endpoints import EndpointConfig

    peers = []

    async def answer(reader, writer):  # a minimal HTTP/1.1 server that keeps connections open
        peers.append(writer.get_extra_info("peername"))
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            length = int(next((line.split(b":")[1] for line in head.split(b"\r\n")
                               if line.lower().startswith(b"content-length")), b"0"))
            await reader.readexactly(length)
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 13\r\n\r\n"
                         b'{"events":[]}')
            await writer.drain()

    server = await asyncio.start_server(answer, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    keep_connections_open()
    endpoint = EndpointConfig(f"http://127.0.0.1:{port}/webhook")
    try:
        answers = [await endpoint.request(json={"next_action": "action_signpost"}) for _ in range(3)]
        assert answers == [{"events": []}] * 3
        assert len(peers) == 1  # one TCP connection for all three calls
        client = next(iter(endpoint._kit_clients.values()))
        await close_kept_connections()
        assert client.closed
        assert await endpoint.request(json={}) == {"events": []}  # a new client after closing
        assert len(peers) == 2
    finally:
        await close_kept_connections()
        server.close()


async def test_what_the_model_loads_is_frozen_out_of_the_collectors_reach(trained_model):
    """After loading, a full collection walks nothing the model holds: the
    objects left to it are few beside those frozen (bench/LEVERS.md row 61)."""
    import asyncio
    import gc
    from types import SimpleNamespace

    import rasa.core.run
    from rasa.core.utils import AvailableEndpoints

    freeze_after_loading()
    app = SimpleNamespace(ctx=SimpleNamespace())
    try:
        agent = await rasa.core.run.load_agent_on_start(
            str(trained_model), AvailableEndpoints(), None, app, asyncio.get_running_loop())
        assert app.ctx.agent is agent and agent.is_ready()
        assert all(tracked is not agent for tracked in gc.get_objects())  # frozen with the rest
        assert len(gc.get_objects()) < gc.get_freeze_count() / 10
    finally:
        gc.unfreeze()
