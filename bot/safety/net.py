"""The web app's last line of defence: a route to help whatever else fails.

If Rasa or the action server fails, times out or says nothing, the pupil still
gets Childline and 999, with a word that something went wrong. If the screen
sees a possible risk and Kit's answer names neither (the NLU judged it
harmless, or the action server could not render routes), the same help is
added quietly: Kit did answer, so nothing says it is having trouble.
"""
from __future__ import annotations

from typing import Awaitable, Callable, Dict, List

from bot.routes import DEFAULT_LOCALE, active_locale, mentioned_routes, render_routes
from bot.safety.screen import default_screen

TROUBLE = "I'm having trouble answering properly right now, but help is always there."
IN_CASE = "If anything is worrying you, help is always there."
# The routes every reply that falls short is given.
LAST_RESORT = frozenset({"childline", "police_999"})
UK_ROUTES = (
    "If you are in danger, call 999. "
    "You can call Childline free on 0800 1111, any time, day or night, "
    "or talk to an adult you trust."
)


def help_replies(opening: str) -> List[Dict]:
    """`opening`, then the UK's words, or the active locale's own emergency,
    helpline and trusted-adult routes (from its routes data)."""
    if active_locale() == DEFAULT_LOCALE:
        return [{"text": f"{opening} {UK_ROUTES}"}]
    routes = render_routes(["police_999", "childline", "trusted_adult"], "11-13")
    return [{"text": f"{opening}\n{routes}"}]


def emergency_replies() -> List[Dict]:
    """Help when Kit could not answer."""
    return help_replies(TROUBLE)


def looks_risky(text: str) -> bool:
    result = default_screen().check(text)
    return bool(result.hits)


async def ensure_route_to_help(
    text: str, replies: List[Dict], actions_up: Callable[[], Awaitable[bool]]
) -> List[Dict]:
    """The replies, with help added when they fall short: nothing said (the
    trouble message), a possible risk without Childline or 999 (the routes,
    quietly), or, while the action server (which renders routes) is down, a
    reply that does not name both Childline and 999 (a conversation cut off
    mid-way must still end with both)."""
    if not replies:
        return emergency_replies()
    mentioned = set(mentioned_routes(" ".join(r["text"] for r in replies)))
    if not LAST_RESORT <= mentioned and not await actions_up():
        return replies + emergency_replies()
    if looks_risky(text) and not LAST_RESORT & mentioned:
        return replies + help_replies(IN_CASE)
    return replies
