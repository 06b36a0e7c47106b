"""Kill the action server, then Rasa, mid-conversation on the shared stack: the
pupil still gets the safe message with routes, /healthz names the part that is
down, and the launcher brings the part back within 30 seconds.

Each test waits until the stack is whole again, so later tests find it healthy.
"""
from __future__ import annotations

import json
import time
from typing import Callable

from tests.stack import get, routes_in

RESTART_LIMIT_SECONDS = 30


def health(stack):
    status, _, body = get(stack.url + "/healthz")
    return status, json.loads(body)


def pid_of(stack, fragment: str) -> int:
    for pid in stack.child_pids():
        with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
            if fragment.encode() in cmdline.read().replace(b"\0", b" "):
                return pid
    return 0


def seconds_until_healthy(stack, limit: float) -> float:
    started = time.monotonic()
    while time.monotonic() - started < limit:
        if health(stack)[0] == 200:
            return time.monotonic() - started
        time.sleep(0.5)
    raise AssertionError(f"stack not healthy {limit}s after the kill: {health(stack)}")


def kill_mid_conversation_and_recover(stack, session: str, fragment: str, part: str, risky_text: str,
                                      while_down: Callable[[dict], None] = lambda health_body: None) -> None:
    """Kill a part; the pupil's next (risky) message still gets Childline and
    999, /healthz names the part, `while_down` checks anything else while it
    is down, and a new process is healthy within 30 s."""
    old = pid_of(stack, fragment)
    stack.kill_part(fragment)
    killed = time.monotonic()
    status, body = stack.chat(session, risky_text)
    assert status == 200 and {"childline", "police_999"} <= routes_in(body), body
    status, parts = health(stack)
    assert status == 503 and parts["parts"][part] == "down" and part in parts["down"], parts
    while_down(parts)
    seconds_until_healthy(stack, RESTART_LIMIT_SECONDS - (time.monotonic() - killed))
    assert pid_of(stack, fragment) not in (0, old)


def test_action_server_killed_mid_conversation_then_back_within_30s(stack):
    session, _ = stack.start_session("11-13")
    status, body = stack.chat(session, "someone online keeps asking me for pictures with no clothes on")
    assert status == 200 and "ceop" in routes_in(body)
    kill_mid_conversation_and_recover(stack, session, "actions.server", "actions", "/safe_unsure")
    status, body = stack.chat(session, "how do i report them")  # the same conversation goes on
    assert status == 200 and routes_in(body), body


def test_rasa_killed_mid_conversation_then_back_within_30s(stack):
    session, _ = stack.start_session("14-18")
    assert stack.chat(session, "people keep leaving mean comments on everything i post")[0] == 200
    kill_mid_conversation_and_recover(stack, session, "bot.rasa_cli run", "rasa", "i dont wanna be here anymore")
    session, _ = stack.start_session("14-18")
    status, body = stack.chat(session, "people keep leaving mean comments on everything i post")
    assert status == 200 and "platform_report" in routes_in(body), body


def test_one_rasa_process_down_leaves_the_other_processes_pupils_answered(stack):
    """With two Rasa processes, killing one costs only its own pupils their
    conversation (they get Childline and 999 meanwhile); the rest carry on."""
    assert stack.rasa_workers == 2
    (kept, *_), (lost, *_) = stack.sessions_on_each_rasa(1, "14-18")

    def the_other_process_answers(parts: dict) -> None:
        assert parts["down"] == ["rasa"] and parts["rasa_workers"] == ["up", "down"], parts
        status, body = stack.chat(kept, "people keep leaving mean comments on everything i post")
        assert status == 200 and "platform_report" in routes_in(body), body

    kill_mid_conversation_and_recover(stack, lost, f"--port {stack.rasa_ports[1]} ", "rasa",
                                      "i dont wanna be here anymore", while_down=the_other_process_answers)
