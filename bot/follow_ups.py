"""Answers to follow-ups: what a pupil asks after Kit has answered a topic.

"is that normal?", "what should i do", "i already sent one", "what if they
post it anyway", "can i report without my name"... make sense only inside a
conversation. Their answers are content (data/follow_ups.yml: per follow-up,
per topic or per thing done, per age band); this module chooses one:

- for the conversation's topic, and what it has shown so far (an adult asking
  a pupil for nudes is answered as grooming);
- never the answer Kit gave last: asked again, the conversation moves on
  (`what_now_again`: the one first step, and Childline to talk it through).
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Dict, List, Optional, Sequence

import yaml

from bot import paths
from bot.route_words import fill

# Intents answered from data/follow_ups.yml (what_now too: the topic's steps).
FOLLOW_UP_KINDS = (
    "is_normal", "what_now", "already_did", "what_if_posted",
    "report_anonymous", "what_happens_if_tell", "maybe_fake",
)
AGAIN = "what_now_again"
DEFAULT = "default"

# What "i already ..." says was done: a key under `already_did`.
ALREADY_DID = (
    ("paid", re.compile(r"\b(paid|pay|payed|sent (him|her|them) (money|£|\d)|money|gift ?cards?|£|\$|bitcoin|robux|v-?bucks)\b")),
    ("sent_image", re.compile(r"\b(pics?|pictures?|photos?|selfies?|nudes?|images?|videos?|vids?|snaps?|sent (one|it|him one|her one|them one))\b")),
    ("met", re.compile(r"\b(met|meet|seen (him|her|them) in real life|went to see)\b")),
    ("shared_details", re.compile(r"\b(address|postcode|school|number|password|passcode|location|where i live|surname|full name|login)\b")),
)


@lru_cache(maxsize=1)
def load_answers() -> Dict[str, Dict[str, Dict[str, str]]]:
    return yaml.safe_load(paths.FOLLOW_UPS_FILE.read_text(encoding="utf-8"))["answers"]


def thing_done(text: str) -> str:
    """Which `already_did` answer fits "i already ..." (paid, sent_image, met,
    shared_details), or the default."""
    lowered = text.lower()
    return next((key for key, pattern in ALREADY_DID if pattern.search(lowered)), DEFAULT)


def answer_key(kind: str, topic: Optional[str], text: str, involved: Optional[str] = None) -> str:
    """The entry that answers a follow-up of `kind`: "kind:key"."""
    entries = load_answers()[kind]
    if kind == "already_did":
        key = thing_done(text)
    elif kind == "is_normal" and topic == "nudes_sharing" and involved == "adult":
        key = "grooming"  # an adult asking a child for pictures is abuse, not "pressure"
    else:
        key = topic if topic in entries else DEFAULT
    return f"{kind}:{key if key in entries else DEFAULT}"


def choose(kind: str, topic: Optional[str], text: str, said: Sequence[str],
           involved: Optional[str] = None) -> str:
    """The answer to give: this follow-up's own, unless it was Kit's last
    answer; then the topic's steps, then the one first step."""
    candidates = [answer_key(kind, topic, text, involved)]
    if kind != "what_now":
        candidates.append(answer_key("what_now", topic, text))
    candidates.append(f"{AGAIN}:{DEFAULT}")
    last = said[-1] if said else None
    return next((key for key in candidates if key != last), candidates[-1])


def answer_text(key: str, band: str, locale: Optional[str] = None) -> str:
    """The answer as the pupil reads it, with the locale's services filled in."""
    kind, entry = key.split(":", 1)
    return fill(load_answers()[kind][entry][band], locale)


def all_texts() -> List[tuple]:
    """(kind, entry, band, text) for every answer: for the content check."""
    return [(kind, entry, band, text)
            for kind, entries in load_answers().items()
            for entry, bands in entries.items()
            for band, text in bands.items()]
