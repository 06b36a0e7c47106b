"""Reading level: is a text easy enough for its age band?

Limits are data (data/checks/reading.yml). The grade is Flesch-Kincaid from
textstat (pyphen syllables, works offline), taken on the prose a pupil reads:
web addresses, phone numbers and service names are each counted as one short
word, because a designer cannot make "reportharmfulcontent.com" or
"Internet Watch Foundation" simpler and they would otherwise push every answer
that names a route over the limit.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Iterable, List, Optional, Tuple

import textstat
import yaml

from bot import paths

READING_FILE = paths.DATA / "checks" / "reading.yml"

# Markdown a designer might use: **bold**, _italic_, `code`, [words](link).
MARKUP = re.compile(r"\[([^\]]*)\]\([^)]*\)|[*_`#>]+")
# Web and email addresses, with or without https:// (childline.org.uk/remove).
ADDRESS = re.compile(r"\b(?:https?://)?[\w.+-]*\w\.(?:[a-z]{2,})(?:\.[a-z]{2,})*(?:/[\w./?=&%-]*[\w/])?|\S+@\S+\.\w+", re.I)
# Phone and text numbers: 999, 0800 1111, 1-800-843-5678, 116 123, 85258.
PHONE = re.compile(r"(?<![\w-])\+?\d[\d -]{1,14}\d(?![\w-])|(?<![\w-])\d{3}(?![\w-])")
# Stand-in for a name or number: one syllable, one word, so it neither helps
# nor hurts the grade and the sentence keeps its length.
PLACEHOLDER = "it"


@dataclass(frozen=True)
class Score:
    grade: Optional[float]  # None: too short to score
    words: int
    sentences: int

    @property
    def words_per_sentence(self) -> float:
        return self.words / max(self.sentences, 1)


@functools.lru_cache(maxsize=1)
def limits() -> dict:
    return yaml.safe_load(READING_FILE.read_text(encoding="utf-8"))


def prose(text: str, names: Iterable[str] = ()) -> str:
    """The words a pupil reads, with names, addresses and numbers made neutral."""
    plain = MARKUP.sub(lambda m: m.group(1) or "", text)
    plain = ADDRESS.sub(PLACEHOLDER, plain)
    for name in sorted(names, key=len, reverse=True):
        plain = re.sub(r"(?<!\w)" + re.escape(name) + r"(?!\w)", PLACEHOLDER, plain, flags=re.I)
    return PHONE.sub(PLACEHOLDER, plain)


def score(text: str, names: Iterable[str] = ()) -> Score:
    """Flesch-Kincaid grade of the prose.

    Texts under `min_words` words get no grade: with a handful of words one
    long word swings the formula by several grades ("Are you safe right now?"
    vs "Are you comfortable?"), so a grade would be noise, not advice. A single
    sentence of `min_words` or more is scored: its length is exactly what makes
    it hard to read."""
    plain = prose(text, names)
    words = textstat.lexicon_count(plain)
    sentences = textstat.sentence_count(plain)
    if words < limits()["min_words"]:
        return Score(None, words, sentences)
    return Score(round(textstat.flesch_kincaid_grade(plain), 1), words, sentences)


def problems(text: str, band: str, names: Iterable[str] = ()) -> List[Tuple[str, str, str]]:
    """(level, rule, fix) for each reading problem of a text in an age band."""
    rules = limits()["bands"].get(band)
    if rules is None:
        return []
    result = score(text, names)
    found = []
    limit = rules["max_grade"]
    if result.grade is not None:
        if result.grade > limit:
            found.append(("error", f"reading grade {result.grade}, limit {limit}",
                          "Use shorter sentences and everyday words (split long sentences at 'and', 'but', 'so')."))
        elif result.grade > limit - limits()["warn_margin"]:
            found.append(("warning", f"reading grade {result.grade}, close to the limit {limit}",
                          "Fine for now; a shorter sentence or a simpler word would give room."))
    if result.sentences and result.words_per_sentence > rules["sentence_words"]:
        found.append(("warning", f"{result.words_per_sentence:.0f} words per sentence, aim for {rules['sentence_words']} or fewer",
                      "Split the longest sentence in two."))
    if "turn_words" in rules and result.words > rules["turn_words"]:
        found.append(("warning", f"{result.words} words in one reply, aim for {rules['turn_words']} or fewer",
                      "Keep one idea per reply; the routes are added after it anyway."))
    if "max_sentences" in rules and result.sentences > rules["max_sentences"]:
        found.append(("warning", f"{result.sentences} sentences in one reply, aim for {rules['max_sentences']} or fewer",
                      "Keep the key message and the next step; leave the rest out."))
    return found
