"""Two Rasa processes behind the web app (KIT_RASA_WORKERS): each pupil's
conversation stays with one process, so its context carries from turn to turn,
and pupils are spread over both. Faults: tests/e2e/test_restarts.py."""
from __future__ import annotations

import json

from tests.stack import get, routes_in


def test_healthz_lists_every_rasa_process(stack):
    status, _, body = get(stack.url + "/healthz")
    assert status == 200 and json.loads(body)["rasa_workers"] == ["up"] * stack.rasa_workers


def test_each_conversation_keeps_its_context_on_either_rasa_process(stack):
    for sessions in stack.sessions_on_each_rasa(3):
        for session in sessions:
            status, body = stack.chat(session, "someone in my year keeps posting mean stuff about me")
            assert status == 200 and "platform_report" in routes_in(body), body
            # A follow-up with no topic words of its own: only the conversation's
            # state (held by the Rasa process that had the first turn) makes it
            # a bullying question.
            status, body = stack.chat(session, "what should i do")
            assert status == 200 and "platform_report" in routes_in(body), body
