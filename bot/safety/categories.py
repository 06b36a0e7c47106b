"""The safeguarding alert's categories for a risky message (DESIGN.md: immediate
danger, self-harm, sextortion, grooming, known-person abuse, image shared).

Only ids leave the conversation: the category is worked out from the risk
levels, the topic and the screen's named situations, never from stored text.
A message may raise more than one ("he's on a call telling me to undress right
now" is both immediate danger and grooming).
"""
from __future__ import annotations

from typing import Iterable, List, Optional

# A disclosure's category when the screen named none, by the message's topic.
BY_TOPIC = {
    "sextortion": "sextortion",
    "nudes_sharing": "image_shared",
    "grooming": "grooming",
    "meeting_up": "grooming",
    "livestreaming": "grooming",
    "gaming": "grooming",
}
SITUATIONS = ("known_person_abuse", "sextortion", "image_shared")
ALERT_CATEGORIES = ("danger", "self_harm", *SITUATIONS, "grooming", "disclosure")


def alert_categories(risks: Iterable[str], topic: Optional[str], situations: Iterable[str] = ()) -> List[str]:
    """Most urgent first; empty for a message that is not risky."""
    risks, situations = list(risks), list(situations)
    found = [level for level in ("danger", "self_harm") if level in risks]
    named = [s for s in SITUATIONS if s in situations]
    if "disclosure" in risks or (named and risks):
        found += named or [BY_TOPIC.get(topic or "", "disclosure")]
    elif risks == ["danger"] and topic in BY_TOPIC:
        found.append(BY_TOPIC[topic])
    return found
