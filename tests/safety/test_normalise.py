"""Disguised spelling is read as plain words, and ordinary text is left alone
(bot/safety/normalise.py). The screen and every classifier read its output."""
from __future__ import annotations

import pytest

from bot.safety.normalise import deobfuscate
from bot.safety.screen import default_screen

DISGUISED = [
    ("he wants p1cs of me", "he wants pics of me"),          # digits for letters
    ("i want to k!ll myself", "i want to kill myself"),      # symbols for letters
    ("$ex", "sex"),                                           # a symbol opening a word
    ("su1c1de", "suicide"),
    ("s o m e o n e wants my n*des", "someone wants my nudes"),  # spaced letters, a mask
    ("k.i.l.l m.y.s.e.l.f", "kill myself"),                  # dotted letters, words kept apart
    ("n-u-d-e-s", "nudes"),
    ("a  m a n  i s  f o l l o w i n g  m e  rn", "a man is following me  rn"),  # a spelt-out sentence
    ("su*c*de", "suicide"),
    ("I want to d\u0456e", "I want to die"),                 # Cyrillic і
    ("\uff4b\uff49\uff4c\uff4c myself", "kill myself"),       # fullwidth letters
    ("ki\u200bll my\u200dself", "kill myself"),               # invisible characters
    ("h\u0435 w\u0430nts my pics", "he wants my pics"),       # Cyrillic е and а
    ("i want to k*** myself", "i want to kill myself"),       # a mask that fits one risk word
    ("i want to k**** myself", "i want to kill myself"),
    ("got the bl@de out", "got the blade out"),            # a means of harm, @ read as a letter
    ("i w a n t t o k i l l m y s e l f", "i want to kill myself"),  # spaced letters, then split into words
    ("b l a c k m a i l e d", "blackmailed"),                 # ... unless no split is into real words
    ("mycousinsaysherteachertouchedherandtoldhernottotell",   # a long run of words run together
     "my cousin says her teacher touched her and told her not to tell"),
    ("someoneisoutsidemyhousenow", "someone is outside my house now"),
]

UNCHANGED = [
    "im meeting him at 10pm 2day b4 tea",   # times and text-speak are not leetspeak
    "Year 7 and y7, £20 or $5",
    "options  a  b  c  d",                  # single letters apart, not a sentence
    "I said hello!! to Mum",
    "e.g. a test, i.e. a b",
    "Hi Kit, can I ask something?",
    "my 1st match is on the 3rd",
    "lol 😭💀 im dead",
    "hahahahahahaha nooooooooooo aaaaaaaaaaaa",  # laughing and shouting are not words run together
    "unfortunately my minecraft embarrassing photosynthesis",  # long words stay whole
    "screenshotted antidepressants overdosing babysitter",
    "follow hesoutsidemyhouse on tiktok",                      # a handle is not split
]


@pytest.mark.parametrize("text,plain", DISGUISED)
def test_disguised_spelling_is_read_as_plain_words(text, plain):
    assert deobfuscate(text) == plain


@pytest.mark.parametrize("text", UNCHANGED)
def test_ordinary_text_is_left_as_it_is(text):
    assert deobfuscate(text) == text


@pytest.mark.parametrize("text,level", [
    ("i w@nt to k1ll mys3lf", "self_harm"),
    ("s o m e o n e is f o r c i n g me to have sex", "danger"),
    ("he has my n*des and wants £50 or he posts them", "disclosure"),
    ("\u0456 want to \u0435nd my l\u0456fe", "self_harm"),
    ("i w a n t t o k i l l m y s e l f", "self_harm"),
    ("im being b l a c k m a i l e d for my pics", "disclosure"),
    ("i think im o v e r d o s i n g", "self_harm"),
])
def test_the_screen_sees_through_disguise(text, level):
    assert default_screen().check(text).standalone == level
