"""End to end: follow-ups inside a topic (issue 19). Whatever the topic, "is
that normal?", "what should i do" (twice), "can i report it without my name"
and "what happens if i tell someone" are answered, with routes, never with
"didn't get that", the menu, or the reply just given."""
from __future__ import annotations

import pytest

from bot.routes import mentioned_routes

OPENERS = {
    "grooming": "an older guy i play with online keeps telling me im special and says to keep our chats secret",
    "nudes_sharing": "a boy in my year keeps asking me to send him a pic with no top on",
    "sextortion": "someone says theyll post my private pics unless i send them money",
    "cyberbullying": "people in my class group chat keep posting mean stuff about me",
    "harmful_content": "i saw a really violent video on my feed and i cant stop thinking about it",
    "privacy_security": "i think someone got into my account and changed my password",
    "meeting_up": "someone i met online wants to meet me in town next week",
    "livestreaming": "when i go live on tiktok people i dont know ask me to do dares",
    "gaming": "a player in fortnite keeps offering me free vbucks if i add him on another app",
    "worried_about_friend": "my best friend has been really quiet and secretive about someone she talks to online",
    "reporting_help": "how does reporting something actually work",
}
FOLLOW_UPS = ["is that normal?", "what should i do", "what should i do", "can i report it without my name",
              "what happens if i tell someone"]
DEAD_ENDS = ("didn't get that", "didn't catch that", "can't help much", "pick a topic", "you can ask me about")


def text_of(body) -> str:
    return "\n".join(r["text"] for r in body["replies"])


@pytest.mark.parametrize("topic", sorted(OPENERS))
def test_every_follow_up_in_every_topic_is_answered_and_moves_on(stack, topic):
    session, _ = stack.start_session("11-13")
    status, body = stack.chat(session, OPENERS[topic])
    assert status == 200
    previous = text_of(body)
    for follow_up in FOLLOW_UPS:
        status, body = stack.chat(session, follow_up)
        reply = text_of(body)
        assert status == 200
        assert not any(phrase in reply.lower() for phrase in DEAD_ENDS), (follow_up, reply)
        assert mentioned_routes(reply), (follow_up, reply)
        assert reply != previous, f"the same reply twice in a row to {follow_up!r}"
        previous = reply
