"""What a conversation has shown so far, kept in Rasa slots between turns.

- `involved`: who the pupil is dealing with: someone they know offline (the
  screen's known-person abuse), an adult, another young person, or (in a
  conversation about a friend) the friend's situation. The most serious one
  seen stays.
- `demand`: money or more images asked for.
- `image_sent`: a picture has already been sent or shared.

Follow-up answers read it: a later "what if they post it anyway?" after a
money demand still names CEOP and Report Remove, and "is that normal?" about an
adult asking for pictures gets the grooming answer. Only these few labels are
kept, never the pupil's words.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, List, Optional

KNOWN, ADULT, YOUNG_PERSON, FRIEND = "known", "adult", "young_person", "friend"
INVOLVED = (KNOWN, ADULT, YOUNG_PERSON, FRIEND)  # most serious first
MONEY, IMAGES = "money", "images"

ADULT_WORDS = re.compile(
    r"\b(man|men|guy|woman|lady|adult|grown ?-?up|old(er)? (guy|man|men|boy|girl|woman|person|dude)"
    r"|(1[89]|[2-9]\d) ?(yo|y/o|yrs? old|years? old))\b")
YOUNG_WORDS = re.compile(
    r"\b(boy|girl|kid|kids|someone|people|person) (in|from|at) (my|our) (class|year|school|form)\b"
    r"|\bmy (ex|boyfriend|girlfriend|bf|gf|crush)\b|\b(year|yr) ?\d{1,2} (boy|girl)s?\b")
MONEY_WORDS = re.compile(r"\b(pay|paid|money|£\s?\d+|\$\s?\d+|gift ?cards?|bitcoin|crypto|paypal|robux|v-?bucks)\b")
MORE_IMAGES = re.compile(r"\b(more|another|again|other) (pics?|pictures?|photos?|nudes?|videos?|vids?)\b")
IMAGE_SENT = re.compile(
    r"\bi (already |just |have |'ve |ve )?(sent|send|shared) (him|her|them|it|one|a|my|some)\b.{0,25}"
    r"\b(pics?|pictures?|photos?|nudes?|images?|videos?|vids?|one)\b"
    r"|\b(pics?|pictures?|photos?|nudes?|videos?) of me\b.{0,30}\b(posted|shared|sent|going round|out there|online)\b")


@dataclass
class ConversationState:
    involved: Optional[str] = None
    demand: Optional[str] = None
    image_sent: bool = False


def _more_serious(a: Optional[str], b: Optional[str]) -> Optional[str]:
    ranked = [x for x in (a, b) if x in INVOLVED]
    return min(ranked, key=INVOLVED.index) if ranked else None


def updated(state: ConversationState, text: str, topic: Optional[str],
            categories: Iterable[str] = (), image_sent: bool = False) -> ConversationState:
    """The state after a message (its text, topic and the screen's categories)."""
    lowered = text.lower()
    seen = None
    if "known_person_abuse" in categories:
        seen = KNOWN
    elif ADULT_WORDS.search(lowered):
        seen = ADULT
    elif YOUNG_WORDS.search(lowered):
        seen = YOUNG_PERSON
    elif topic == "worried_about_friend":
        seen = FRIEND
    demand = state.demand
    if MONEY_WORDS.search(lowered) and (topic == "sextortion" or "sextortion" in categories):
        demand = MONEY
    elif MORE_IMAGES.search(lowered) and demand is None:
        demand = IMAGES
    return ConversationState(
        involved=_more_serious(state.involved, seen),
        demand=demand,
        image_sent=state.image_sent or image_sent or bool(IMAGE_SENT.search(lowered)),
    )


def state_routes(state: ConversationState, topic: Optional[str]) -> List[str]:
    """Routes the conversation so far calls for, whatever the latest message."""
    routes = []
    if state.demand:
        routes += ["ceop", "report_remove"]  # a demand: don't pay, not your fault, CEOP, Report Remove
    if state.image_sent and topic in ("nudes_sharing", "sextortion", "grooming", "livestreaming", None):
        routes.append("report_remove")
    if state.involved == ADULT and topic in ("nudes_sharing", "livestreaming", "gaming", "meeting_up"):
        routes.append("ceop")
    return list(dict.fromkeys(routes))
