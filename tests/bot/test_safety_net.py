"""The web app's last line of defence (bot/safety/net.py): help is added when
Kit's answer falls short, and says it had trouble only when it did."""
from __future__ import annotations

import pytest

from bot.routes import mentioned_routes
from bot.safety.net import TROUBLE, ensure_route_to_help

TOPIC_REPLY = [{"text": "Gaming is mostly positive. Next step: check your settings."}]
CHILDLINE_REPLY = [{"text": "You can talk to Childline on 0800 1111."}]


def actions(up: bool):
    calls = []

    async def actions_up() -> bool:
        calls.append(up)
        return up
    return actions_up, calls


async def test_nothing_said_gets_the_trouble_message_with_childline_and_999():
    up, _ = actions(True)
    replies = await ensure_route_to_help("hello", [], up)
    assert TROUBLE in replies[0]["text"]
    assert {"childline", "police_999"} <= set(mentioned_routes(replies[0]["text"]))


async def test_a_possible_risk_answered_without_routes_gets_them_quietly():
    up, _ = actions(True)
    replies = await ensure_route_to_help("i want to kill myself", TOPIC_REPLY, up)
    assert replies[:1] == TOPIC_REPLY and len(replies) == 2
    assert {"childline", "police_999"} <= set(mentioned_routes(replies[1]["text"]))
    assert TROUBLE not in replies[1]["text"]  # Kit did answer


async def test_an_ordinary_answer_or_one_with_a_route_is_left_alone():
    up, _ = actions(True)
    assert await ensure_route_to_help("whats the best minecraft seed", TOPIC_REPLY, up) == TOPIC_REPLY
    assert await ensure_route_to_help("i want to kill myself", CHILDLINE_REPLY, up) == CHILDLINE_REPLY


@pytest.mark.parametrize("text", ["whats the best minecraft seed", "i want to kill myself"])
async def test_with_the_action_server_down_a_reply_without_both_routes_says_so(text):
    down, calls = actions(False)
    replies = await ensure_route_to_help(text, CHILDLINE_REPLY, down)
    assert calls == [False]
    assert replies[:1] == CHILDLINE_REPLY and TROUBLE in replies[1]["text"]


async def test_with_the_action_server_down_a_risky_message_without_routes_gets_the_trouble_message():
    down, calls = actions(False)
    replies = await ensure_route_to_help("i want to kill myself", TOPIC_REPLY, down)
    assert calls == [False] and len(replies) == 2
    assert TROUBLE in replies[1]["text"]
    assert {"childline", "police_999"} <= set(mentioned_routes(replies[1]["text"]))
