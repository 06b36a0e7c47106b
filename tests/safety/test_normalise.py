"""Disguised spelling and text-speak are read as plain words, and ordinary
text is left alone (bot/safety/normalise.py, bot/nlu/text_normaliser.py). The
screen and every classifier read the output."""
from __future__ import annotations

import pytest

from bot.nlu.text_normaliser import plain_text
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


@pytest.mark.parametrize("text,plain", [
    ("sum1 frm roblox is outsyd rn", "someone from roblox is outside right now"),
    ("he sed send p1cs 2nite!!", "he said send pics tonight!!"),  # with leetspeak
    ("Hes COMIN 2 my skool", "Hes coming 2 my school"),                        # other words keep their case
    ("sum1s been messaging me frm roblox", "someones been messaging me from roblox"),  # not leetspeak "sumis"
    ("he sent me p*rn rn", "he sent me porn right now"),  # a masked word is not split at the mask
    ("my uncle ab*sed me", "my uncle abused me"),
    ("hes outsyd😭😭", "hes outside😭😭"),  # an emoji against the word
    ("he said ‘im outsyd’", "he said ‘im outside’"),  # curly quotes
    ("is sum1/any1 there", "is someone/anyone there"),
])
def test_text_speak_is_read_as_plain_words_by_the_classifiers(text, plain):
    assert plain_text(text) == plain


@pytest.mark.parametrize("text", [
    "failed my maths test kms 😂",  # mostly a joke: the classifiers must see it as written
    "me and my bf had a sleepover",   # best friend as often as boyfriend
    "having pot noods for tea",
    "u r gonna love this, im buzzing",  # forms the sentence encoder already knows stay as written
    "my cuz is 12",              # cousin, not "because"
    "back in 2days or 3days",    # a longer word holding one ("2day") is not it
    "some rnd added me on snap",  # random, not round
    "back in2 mins",             # in 2, not into
    "what does kys mean",        # mostly a joke, like kms
])
def test_words_with_another_reading_are_left_for_the_classifiers(text):
    assert plain_text(text) == text
