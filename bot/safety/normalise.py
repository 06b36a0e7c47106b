"""Undoing disguised spelling before anything reads a message.

Pupils (and people who do not want a filter to notice) write risk words in
disguise: leetspeak (`p1cs`, `k!ll`, `s3x`), spaced or dotted letters
(`s o m e o n e`, `k.i.l.l`), masks (`n*des`, `su*cide`), look-alike letters
from other alphabets (Cyrillic `а`, fullwidth `ｋ`), invisible characters, and
words run together (`iwanttodie`, bot/safety/run_together.py).
`deobfuscate` turns these back into plain words and leaves ordinary text as it
is. It runs first in the NLU pipeline (bot/nlu/text_normaliser.py), so every
classifier sees plain words, and inside the SafetyScreen, so the screen does too.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Iterable, Mapping, Optional

from bot.safety.run_together import split_letters, split_run_together

# Characters that render as nothing or as a plain space.
_INVISIBLE = re.compile("[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")

# Letters from other scripts that look like Latin ones (NFKC does not fold them).
_LOOKALIKES = str.maketrans({
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p",
    "с": "c", "т": "t", "у": "y", "х": "x", "і": "i", "ї": "i", "ј": "j", "ѕ": "s", "һ": "h",
    "ԁ": "d", "ɡ": "g", "ո": "n", "ս": "u", "А": "a", "В": "b", "Е": "e", "К": "k", "М": "m",
    "Н": "h", "О": "o", "Р": "p", "С": "c", "Т": "t", "Х": "x", "І": "i", "Ѕ": "s",
    "α": "a", "β": "b", "ε": "e", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "τ": "t",
    "υ": "u", "χ": "x", "Α": "a", "Β": "b", "Ε": "e", "Ι": "i", "Κ": "k", "Μ": "m", "Ν": "n",
    "Ο": "o", "Ρ": "p", "Τ": "t", "Χ": "x", "Υ": "y", "Ζ": "z",
})

# Digits and symbols standing for letters, read only where they sit between
# letters ("p1cs", "k!ll", "n00dz") or a symbol starts a word ("$ex"); never in
# numbers, times or text-speak ("10pm", "2day", "b4", "y7").
_LEET = {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t",
         "@": "a", "$": "s", "!": "i", "|": "l", "€": "e"}
# Symbols that are also punctuation ("omg!he is outside"): read as letters only
# when the word they make is one a disguise most often hides.
_PUNCTUATION = set("!|@")
_LEET_WORD = re.compile(r"(?<![\w@$!|€])[a-z@$!|€0-7]*(?:[a-z][0-7@$!|€]+[a-z]|^[@$!|€]+[a-z])[a-z@$!|€0-7]*")
# Single letters separated by one space, dot, dash or underscore:
# "k.i.l.l", "s o m e o n e", "n-u-d-e-s" (four or more letters in a row).
_SPACED = re.compile(r"(?<![\w])[a-z]([ .\-_])(?:[a-z]\1){2,}[a-z](?![\w])")
# Whole sentences spelt out letter by letter, words apart by two or more
# spaces: "a  m a n  i s  f o l l o w i n g  m e" (short words included).
_SPACED_SENTENCE = re.compile(r"(?<!\w)[a-z](?: [a-z])*(?: {2,}[a-z](?: [a-z])*)+(?!\w)")
# A word with a masking character inside ("n*des", "su*cide", "k**l").
_MASKED = re.compile(r"(?<![\w*#])[a-z]*(?:[a-z][*#]+|[*#]+[a-z])[a-z*#]*(?![\w*#])")

# Words a mask most often hides; a masked word that fits exactly one of them
# is read as it. Others stay as they are.
MASKED_WORDS = (
    "nudes", "nude", "naked", "sex", "sexy", "sexual", "porn", "pics", "pic", "kill", "killing",
    "killed", "die", "dead", "suicide", "suicidal", "myself", "cut", "cutting", "cuts", "rape",
    "raped", "raping", "abuse", "abused", "abusing", "touch", "touched", "touches", "private",
    "privates", "boobs", "dick", "penis", "blackmail", "blackmailing", "money", "pills", "overdose",
    "harm", "harming", "hurt", "hurting", "bitch", "fuck", "fucking", "shit", "hate", "groomed",
    "grooming", "undress", "clothes", "unalive", "paracetamol", "tablets", "hang", "jump",
)
# A symbol that is also punctuation ("bl@de") is read as a letter when the word
# it makes is a masked word or a means of harm. Kept apart from MASKED_WORDS:
# there "k****" would fit "knife" as well as "kill", and be read as "knife".
SYMBOL_WORDS = frozenset(MASKED_WORDS) | {
    "blade", "blades", "razor", "razors", "knife", "knives", "stab", "stabbed", "stabbing",
    "slash", "slashed", "slashing", "bleed", "bleeding", "noose", "scared", "help",
}


def _read_leet(word: str) -> str:
    if word.isdigit():
        return word
    read = "".join(_LEET.get(ch, ch) for ch in word)
    if _PUNCTUATION & set(word) and read not in SYMBOL_WORDS:
        return re.sub(r"[!|@]", " ", word)  # punctuation after all: keep the words apart
    return read


def _join_spaced(match: re.Match, split: bool = False) -> str:
    joined = re.sub(r"[ .\-_]", "", match.group(0))
    return split_letters(joined) if split else joined


def _join_spaced_sentence(match: re.Match) -> str:
    words = re.split(r" {2,}", match.group(0))
    if all(len(word) == 1 for word in words) or len(match.group(0).replace(" ", "")) < 6:
        return match.group(0)  # "a  b  c": letters, not a spelt-out sentence
    return " ".join(word.replace(" ", "") for word in words)


def _unmask(word: str, vocabulary: Iterable[str]) -> str:
    pattern = re.compile("^" + re.sub(r"[*#]+", lambda m: "[a-z]{1,%d}" % max(1, len(m.group(0))), word) + "$")
    fits = {w for w in vocabulary if pattern.match(w)}
    if len(fits) == 1:
        return fits.pop()
    fits = {w for w in vocabulary if len(w) == len(word) and pattern.match(w)}
    return fits.pop() if len(fits) == 1 else word


def deobfuscate(text: str, vocabulary: Optional[Iterable[str]] = None, split: bool = True) -> str:
    """`text` with disguised spellings turned back into plain letters.

    Lower-cases only the parts it rewrites; ordinary words, emoji and numbers
    pass through unchanged. With `split`, spaced-out letters and very long
    runs of letters are also split into words (the screen reads the text
    both ways, so a split can only add a hit).
    """
    text = _INVISIBLE.sub("", text)
    text = unicodedata.normalize("NFKC", text).translate(_LOOKALIKES)
    lowered = text.lower()
    if lowered != text and not re.search(r"[0-9@$!|€*#_.\-]|\b\w \w \w \w\b", text):
        return text  # nothing disguised to undo: keep the pupil's casing
    out = _SPACED_SENTENCE.sub(_join_spaced_sentence, lowered)
    out = _SPACED.sub(lambda m: _join_spaced(m, split), out)
    out = re.sub(r"\S+", lambda m: _LEET_WORD.sub(lambda w: _read_leet(w.group(0)), m.group(0)), out)
    if split:
        out = split_run_together(out)
    words = tuple(vocabulary) if vocabulary is not None else MASKED_WORDS
    out = _MASKED.sub(lambda m: _unmask(m.group(0), words), out)
    return out if out != lowered else text


# A whole word for `expand_textspeak`: letters and digits not touching another
# letter, digit or masking symbol, so an emoji, a curly quote, a slash, or a
# dot or dash after a word may stand next to it ("rn😭", "‘outsyd’",
# "sum1/any1", "outsyd-rn"), but it is never part of a masked or leetspeak word
# ("p*rn", "p.rn" with one letter before the dot, "£b4" stay).
_TEXTSPEAK_WORD = re.compile(
    r"(?<![A-Za-z0-9*#@$|€£_])(?<!\b[A-Za-z0-9][.\-])([A-Za-z0-9]+)((?:['’]s)?)(?![A-Za-z0-9*#@$|€£_])"
)


def expand_textspeak(text: str, table: Mapping[str, str]) -> str:
    """`text` with each whole word found in `table` (text-speak with one
    plain reading: "sum1", "frm", "outsyd", data/safety/screen.yml
    `textspeak`) written out; every other word, casing included, as it is."""
    def plain(match: "re.Match[str]") -> str:
        word, possessive = match.groups()
        return table.get(word.lower(), word) + possessive

    return _TEXTSPEAK_WORD.sub(plain, text)
