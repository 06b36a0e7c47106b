"""Words written without spaces, split back into words.

"myfriendsaidhercoachkissedher", or "i w a n t t o d i e" once its letters are
joined ("iwanttodie"), hide every word from the classifiers and the screen.
A long run of letters that is not itself a word is split where the split is
most likely: each word costs the log of its rank in the sentence encoder's
vocabulary (its whole words are listed roughly from most to least common, as
in bert-base-uncased), and the cheapest split into known words wins (the
approach of Norvig's and wordninja's segmenters). Without the vocabulary
(weights not installed) nothing is split: the screen never fails on it.
"""
from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import Dict, Optional

# Runs shorter than this are left alone unless their letters were spaced out
# ("i w a n t t o d i e"): long ordinary words, names, slang and game words
# ("screenshotted", "blackmailed", "minecraft") are often missing from the
# vocabulary and would be cut into nonsense ("black mai led").
MIN_LETTERS = 20
# A split must be into at least this many words, each known.
MIN_WORDS = 3
_RUN = re.compile(r"(?<![\w'@#/.])[a-z]{%d,}(?![\w'@])" % MIN_LETTERS)
# Whole words of the vocabulary, letters only. Of one and two letters only
# these: the vocabulary's others ("nt", "ut", "tt") make nonsense splits.
_WORD = re.compile(r"^[a-z]{3,}$")
SHORT_WORDS = ("a", "i", "am", "an", "as", "at", "be", "by", "do", "go", "he", "hi", "if", "in",
               "is", "it", "me", "my", "no", "of", "ok", "on", "or", "so", "to", "up", "us", "we",
               "u", "ur", "rn", "fr", "lol", "tbh", "ngl", "pls", "plz")
# A three-letter piece must be at least this common ("mai", "tor", "ted" are not).
THREE_LETTER_RANK = 2000
# Said without the apostrophe, as pupils write them; the vocabulary lacks them.
CONTRACTIONS = ("im", "ive", "id", "hes", "shes", "dont", "didnt", "doesnt", "cant", "wont",
                "isnt", "wasnt", "arent", "havent", "theyre", "youre", "thats", "whats")
CONTRACTION_RANK = 500
LONGEST_WORD = 18
# A split into words this short on average is not words ("a a a a", "ha ha").
MIN_MEAN_LENGTH = 2.5


@lru_cache(maxsize=1)
def word_costs() -> Dict[str, float]:
    try:
        from bot.nlu.minilm import model_dir

        lines = (model_dir() / "vocab.txt").read_text(encoding="utf-8").split("\n")
    except (OSError, RuntimeError):
        return {}
    words = [w for w in lines if _WORD.match(w) and len(w) <= LONGEST_WORD]
    words = [w for rank, w in enumerate(words) if len(w) > 3 or rank < THREE_LETTER_RANK]
    if not words:
        return {}
    scale = math.log(len(words))
    costs = {w: math.log((rank + 1) * scale) for rank, w in enumerate(words)}
    common = math.log(CONTRACTION_RANK * scale)
    costs.update({w: min(costs.get(w, common), common) for w in SHORT_WORDS + CONTRACTIONS})
    return costs


def split_run(run: str, costs: Dict[str, float]) -> Optional[str]:
    """The cheapest split of `run` into known words, or None if there is none
    into MIN_WORDS or more."""
    best = [(0.0, 0)] + [(math.inf, 0)] * len(run)  # (cost, start of last word)
    for end in range(1, len(run) + 1):
        for start in range(max(0, end - LONGEST_WORD), end):
            cost = costs.get(run[start:end])
            if cost is not None and best[start][0] + cost < best[end][0]:
                best[end] = (best[start][0] + cost, start)
    if math.isinf(best[-1][0]):
        return None
    words, end = [], len(run)
    while end:
        start = best[end][1]
        words.append(run[start:end])
        end = start
    if len(words) < MIN_WORDS or len(run) / len(words) < MIN_MEAN_LENGTH:
        return None
    return " ".join(reversed(words))


def split_letters(run: str) -> str:
    """A run of letters with no spaces (spaced-out letters joined, "iwanttodie",
    or a very long run): split into words where a split into known words
    exists, else left as one word ("blackmailed")."""
    costs = word_costs()
    if not costs or run in costs:
        return run
    return split_run(run, costs) or run


def split_run_together(text: str) -> str:
    """`text` (lower case) with each very long run of letters that is not a
    word split into words, where a split into known words exists."""
    return _RUN.sub(lambda match: split_letters(match.group(0)), text)
