"""SafetyScreen: a deterministic check for risk, run on every message.

The lexicon and patterns are data (data/safety/screen.yml; lists used in
several patterns are written once under `parts:`, see expand_parts). Text is first
normalised (lower case, apostrophes dropped, text-speak spelled out) so that
patterns are written once against plain words. Each pattern gives a risk level
and a strength: `definite` decides on its own, `likely` too unless the trained
classifier is very sure the message is harmless (words that are risky in most
messages but not all: "someone is at the door"), `possible` makes Kit err
towards safety unless the classifier is confident the message is harmless.
Used by the NLU component (bot.nlu.safety_component) and by the web app's safety
net, so a child is screened even when Rasa is down.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, List, Optional, Tuple

import yaml

from bot import paths
from bot.ids import RISK_PRIORITY, TOPICS
from bot.safety.categories import ALERT_CATEGORIES
from bot.safety.normalise import deobfuscate

DEFINITE = "definite"
# Decides on its own unless the classifier is very sure the message is harmless.
LIKELY = "likely"
POSSIBLE = "possible"


@dataclass(frozen=True)
class ScreenHit:
    rule: str
    level: str
    strength: str
    routes: Tuple[str, ...] = ()
    category: Optional[str] = None
    topic: Optional[str] = None


@dataclass(frozen=True)
class ScreenResult:
    hits: Tuple[ScreenHit, ...]
    # Words saying it is happening now ("on the call", "outside", "already
    # took"): never a risk alone, but they raise a risky message to danger.
    immediate: bool = False
    # Signs self-harm has been done and the body is in danger ("took loads of
    # tablets", "wont stop bleeding"): danger in a message that shows self-harm.
    harm_done: bool = False

    @property
    def categories(self) -> List[str]:
        return list(dict.fromkeys(hit.category for hit in self.hits if hit.category))

    @property
    def topic(self) -> Optional[str]:
        """The topic a definite rule names (a money demand is sextortion
        whatever else the message talks about)."""
        return next((hit.topic for hit in self.hits if hit.topic and hit.strength == DEFINITE), None)

    def level(self, strength: str) -> Optional[str]:
        """The most urgent level among hits of the given strength."""
        levels = {hit.level for hit in self.hits if hit.strength == strength}
        return next((lvl for lvl in RISK_PRIORITY if lvl in levels), None)

    @property
    def routes(self) -> List[str]:
        """Routes the matched rules themselves call for (e.g. Report Remove)."""
        return list(dict.fromkeys(r for hit in self.hits for r in hit.routes))

    @property
    def standalone(self) -> Optional[str]:
        """The level the screen gives with no classifier to ask (the web
        app's safety net): its definite and likely hits."""
        return next((lvl for lvl in RISK_PRIORITY if lvl in (self.definite, self.level(LIKELY))), None)

    @property
    def definite(self) -> Optional[str]:
        return self.level(DEFINITE)

    @property
    def possible(self) -> Optional[str]:
        return self.level(POSSIBLE)


# Sections of screen.yml that are plain lists of regexes (the rules are under `patterns`).
REGEX_LISTS = ("benign", "immediacy", "harm_done", "done_after_self_harm", "here_after_concern")

# `{name}` in a pattern: a part of screen.yml's `parts:`. Only letters and
# underscores, so `{2,3}` and `{2}` stay regex quantifiers.
PART_REF = re.compile(r"\{([A-Za-z_]+)\}")
PART_NAME = re.compile(r"[A-Za-z_]+")


def expand_parts(spec: dict) -> dict:
    """The spec with each `{part}` replaced by its regex, as a group `(?:...)`.

    Parts may use other parts. An unknown `{name}`, a cycle, a badly named
    part or a part nothing uses is an error naming where it is."""
    parts = spec.get("parts") or {}
    if not isinstance(parts, dict):
        raise ValueError("data/safety/screen.yml parts: must be a mapping of name: regex")
    for name, regex in parts.items():
        if not isinstance(name, str) or not PART_NAME.fullmatch(name):
            raise ValueError(f"data/safety/screen.yml part {name!r}: a part name is letters and underscores")
        if not isinstance(regex, str):
            raise ValueError(f"data/safety/screen.yml part {name}: must be a regex string")
    expanded: dict = {}
    used: set = set()

    def part(name: str, where: str, chain: Tuple[str, ...]) -> str:
        if name not in parts:
            raise ValueError(f"data/safety/screen.yml {where}: unknown part {{{name}}}")
        if name in chain:
            cycle = " -> ".join(chain[chain.index(name):] + (name,))
            raise ValueError(f"data/safety/screen.yml parts: cycle {cycle}")
        used.add(name)
        if name not in expanded:
            expanded[name] = "(?:" + expand(parts[name], f"part {name}", chain + (name,)) + ")"
        return expanded[name]

    def expand(regex: str, where: str, chain: Tuple[str, ...] = ()) -> str:
        return PART_REF.sub(lambda m: part(m.group(1), where, chain), regex)

    out = dict(spec)
    for section in REGEX_LISTS:
        out[section] = [expand(p, f"{section} #{i}") for i, p in enumerate(spec.get(section, []), 1)]
    out["patterns"] = [dict(rule, pattern=expand(rule["pattern"], f"rule {rule.get('id')}"))
                       for rule in spec["patterns"]]
    unused = [name for name in parts if name not in used]
    for name in unused:  # an unknown part or a cycle is reported first
        part(name, f"part {name}", ())
    if unused:
        raise ValueError(f"data/safety/screen.yml parts not used by any pattern: {', '.join(unused)}")
    return out


def _compile(regex: str, where: str) -> "re.Pattern[str]":
    try:
        return re.compile(regex)
    except re.error as err:
        raise ValueError(f"data/safety/screen.yml {where}: pattern does not compile ({err})") from err


class SafetyScreen:
    def __init__(self, spec: dict) -> None:
        self.validate(spec)
        spec = expand_parts(spec)
        self.textspeak = {k.lower(): v.lower() for k, v in (spec.get("textspeak") or {}).items()}
        self.spellings = {**self.textspeak,
                          **{k.lower(): v.lower() for k, v in (spec.get("spellings") or {}).items()}}
        self.benign, self.immediacy, self.harm_done, self.done_after_self_harm, self.here_after_concern = (
            [_compile(p, f"{section} #{i}") for i, p in enumerate(spec.get(section, []), 1)]
            for section in REGEX_LISTS)
        self.rules = [
            (_compile(rule["pattern"], f"rule {rule['id']}"),
             ScreenHit(rule["id"], rule["level"], rule.get("strength", DEFINITE),
                       tuple(rule.get("routes", ())), rule.get("category"), rule.get("topic")))
            for rule in spec["patterns"]
        ]

    @staticmethod
    def validate(spec: dict) -> None:
        """A typo in the screen's data is an error at start-up, not a silent miss."""
        allowed = {
            "strength": (DEFINITE, LIKELY, POSSIBLE),
            "level": RISK_PRIORITY,
            "category": ALERT_CATEGORIES,
            "topic": TOPICS,
        }
        for rule in spec["patterns"]:
            unknown = [f"{field} {rule[field]!r}" for field, values in allowed.items()
                       if field in rule and rule[field] not in values]
            if unknown:
                raise ValueError(f"data/safety/screen.yml rule {rule.get('id')}: unknown {', '.join(unknown)}")

    @classmethod
    def from_file(cls, path: Path = paths.SCREEN_FILE) -> "SafetyScreen":
        return cls(yaml.safe_load(path.read_text(encoding="utf-8")))

    def normalise(self, text: str, undisguise: bool = True, split: bool = True) -> str:
        text = unicodedata.normalize("NFKC", deobfuscate(text, split=split) if undisguise else text).lower()
        text = re.sub(r"[’'`´]", "", text)
        text = re.sub(r"(.)\1{2,}", r"\1\1", text)  # "pleeease" -> "pleease"
        text = re.sub(r"[^\w£$]+", " ", text)
        words = [self.spellings.get(word, word) for word in text.split()]
        return " ".join(words)

    def _plain(self, text: str, undisguise: bool, split: bool = True) -> str:
        plain = self.normalise(text, undisguise, split)
        for benign in self.benign:
            plain = benign.sub(" ", plain)
        return plain

    def _plains(self, text: str) -> set:
        """The undisguised text (with and without run-together words split)
        and the text as written, so that undoing a disguise can only add
        hits, never lose one ("b l a c k m a i l e d" is "blackmailed")."""
        return {self._plain(text, True), self._plain(text, True, split=False), self._plain(text, False)}

    def check(self, text: str) -> ScreenResult:
        plains = self._plains(text)
        hits = tuple(hit for pattern, hit in self.rules if any(pattern.search(p) for p in plains))
        return ScreenResult(hits, immediate=_any_match(self.immediacy, plains),
                            harm_done=_any_match(self.harm_done, plains))

    def says_done(self, text: str) -> bool:
        """Whether the message says something has been done ("i already took
        them", "its too late"). Read only inside a self-harm conversation,
        where it means danger; alone these words are harmless."""
        plains = self._plains(text)
        return _any_match(self.harm_done, plains) or _any_match(self.done_after_self_harm, plains)

    def says_here_now(self, text: str) -> bool:
        """Whether the message says someone is here or on the way, now ("hes
        outside my school now", "theyre waiting at the gates rn"). Read only
        inside a conversation that disclosed who that someone is, where it
        means danger; alone these words are mostly harmless."""
        return _any_match(self.here_after_concern, self._plains(text))


def _any_match(patterns: Iterable["re.Pattern[str]"], plains: Iterable[str]) -> bool:
    return any(pattern.search(plain) for pattern in patterns for plain in plains)


@functools.lru_cache(maxsize=1)
def default_screen() -> SafetyScreen:
    return SafetyScreen.from_file()
