"""Services named inside content text, in the deployment's locale.

Lesson stories, follow-up answers and the teacher guidance name services in
running text ("Talk to {childline} first", "call {emergency_number}"). They
write the UK route's id in braces and Kit fills in the locale's own service:
Kids Helpline and 000 in Australia, not Childline and 999. Typing a service's
name or number in instead is an error for every locale that has another one
(`hard_coded`, used by the content check on everything a pupil or teacher
reads).
"""
from __future__ import annotations

import logging
import re
from typing import Dict, List, Optional

from bot.routes import available_locales, emergency_number, load_locale, load_routes, uk_routes

logger = logging.getLogger(__name__)

PLACEHOLDER = re.compile(r"\{([a-z0-9_]+)\}")
EMERGENCY = "emergency_number"
# What a missing service reads as at run time; the content check stops it first.
FALLBACK = "an adult you trust"
SENTENCE_START = re.compile(r"(^|[.!?:]\s+|\n)$")


def mention(route: dict) -> str:
    """How running text names a route: its `mention` ("the Gardaí"), else its name."""
    return route.get("mention") or route["name"]


def _value(key: str, locale: Optional[str]) -> Optional[str]:
    if key == EMERGENCY:
        return emergency_number(locale)
    route = load_routes(locale).get(key)
    return mention(route) if route else None


def missing(text: str, locale: Optional[str] = None) -> List[str]:
    """Placeholders in `text` that this locale has no service for."""
    return [key for key in PLACEHOLDER.findall(text or "") if _value(key, locale) is None]


def fill(text: Optional[str], locale: Optional[str] = None) -> Optional[str]:
    """`text` with each {route_id} and {emergency_number} written as the
    locale's own; a name that starts a sentence gets a capital letter."""
    if not text:
        return text

    def one(match: re.Match) -> str:
        value = _value(match.group(1), locale)
        if value is None:
            logger.error("no service for {%s} in this locale: run the content check", match.group(1))
            value = FALLBACK
        if SENTENCE_START.search(text[:match.start()]):
            value = value[:1].upper() + value[1:]
        return value

    return PLACEHOLDER.sub(one, text)


def _own_routes(locale: str) -> Dict[str, dict]:
    return uk_routes() if locale == "uk" else load_locale(locale)["routes"]


def _words(routes) -> Dict[str, str]:
    """detect word -> the service's name, for these routes."""
    return {word.lower(): route["name"] for route in routes for word in route.get("detect", [])}


def hard_coded(text: str, locale: str) -> List[str]:
    """Services of any locale that `text` names itself (by name, number or
    address) which `locale` does not show: a pupil there would be sent to
    another country's service. The words of the locale's own services pass
    (999 is also Ireland's emergency number)."""
    own = set(_words(load_routes(locale).values()))
    others: Dict[str, str] = {}
    for pack in reversed(available_locales()):  # the UK's name for a shared word
        others.update(_words(_own_routes(pack).values()))
    plain = PLACEHOLDER.sub(" ", text or "")
    found = []
    for word, name in others.items():
        if word in own:
            continue
        for match in re.finditer(r"(?<![\w])" + re.escape(word) + r"(?![\w])", plain, re.IGNORECASE):
            if _names_a_service(match.group(0)):
                found.append(name)
    return sorted(set(found))


def _names_a_service(words: str) -> bool:
    """Numbers and addresses name a service in any case; a name only with a
    capital ("Shout", "Take It Down"), so "shout" and "take it down" in a
    sentence are just words."""
    return bool(re.search(r"[\d.]", words)) or words != words.lower()
