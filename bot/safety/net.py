"""The web app's last line of defence: a route to help whatever else fails.

If Rasa or the action server fails, times out or says nothing, the pupil still
gets Childline and 999. If the screen sees risk and the reply carries no route
(for example because the action server is down), the same help is added.
"""
from __future__ import annotations

from typing import Awaitable, Callable, Dict, List

from bot.routes import DEFAULT_LOCALE, active_locale, mentioned_routes, render_routes
from bot.safety.screen import default_screen

TROUBLE = "I'm having trouble answering properly right now, but help is always there."
EMERGENCY_TEXT = (
    f"{TROUBLE} "
    "If you are in danger, call 999. "
    "You can call Childline free on 0800 1111, any time, day or night, "
    "or talk to an adult you trust."
)


def emergency_replies() -> List[Dict]:
    """The UK's words, or the active locale's own emergency, helpline and
    trusted-adult routes (from its routes data)."""
    if active_locale() == DEFAULT_LOCALE:
        return [{"text": EMERGENCY_TEXT}]
    routes = render_routes(["police_999", "childline", "trusted_adult"], "11-13")
    return [{"text": f"{TROUBLE}\n{routes}"}]


def looks_risky(text: str) -> bool:
    result = default_screen().check(text)
    return bool(result.hits)


async def ensure_route_to_help(
    text: str, replies: List[Dict], actions_up: Callable[[], Awaitable[bool]]
) -> List[Dict]:
    """The replies, with emergency help added when they fall short: nothing
    said, risk without Childline or 999, or, while the action server (which
    renders routes) is down, a reply that does not name both Childline and 999
    (a conversation cut off mid-way must still end with both)."""
    if not replies:
        return emergency_replies()
    mentioned = set(mentioned_routes(" ".join(r["text"] for r in replies)))
    if looks_risky(text) and not {"childline", "police_999"} & mentioned:
        return replies + emergency_replies()
    if not {"childline", "police_999"} <= mentioned and not await actions_up():
        return replies + emergency_replies()
    return replies
