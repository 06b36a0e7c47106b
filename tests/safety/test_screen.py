"""Examples for the deterministic safety screen (data/safety/screen.yml).

The examples live in tests/safety/screen_cases.yml:
- risky:  the screen must report the expected level -- as its definite level,
          or as its possible level when nothing definite fired -- and the
          named rule must be among the rules that fired;
- benign: harmless look-alikes must get no definite hit.
Every rule id in screen.yml needs at least one risky example.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from bot import paths
from bot.ids import RISK_PRIORITY
from bot.nlu.safety_gate import SafetyGate, message_risks
from bot.safety.screen import SafetyScreen

CASES_FILE = Path(__file__).with_name("screen_cases.yml")
CASES = yaml.safe_load(CASES_FILE.read_text(encoding="utf-8"))
RISKY = CASES["risky"]
BENIGN = CASES["benign"]
SPEC = yaml.safe_load(paths.SCREEN_FILE.read_text(encoding="utf-8"))
RULE_IDS = [rule["id"] for rule in SPEC["patterns"]]


def _case_id(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:60] or "empty"


@pytest.fixture(scope="module")
def screen() -> SafetyScreen:
    return SafetyScreen.from_file()


@pytest.mark.parametrize("case", RISKY, ids=[_case_id(c["text"]) for c in RISKY])
def test_risky_example_is_caught(screen: SafetyScreen, case: dict) -> None:
    result = screen.check(case["text"])
    fired = sorted(f"{hit.rule}:{hit.strength}" for hit in result.hits)
    caught = result.standalone == case["level"] or (
        result.standalone is None and result.possible == case["level"]
    )
    assert caught, (
        f"expected {case['level']}, got standalone={result.standalone} "
        f"possible={result.possible}; hits={fired}; plain={screen.normalise(case['text'])!r}"
    )
    assert case["rule"] in {hit.rule for hit in result.hits}, (
        f"rule {case['rule']} did not fire; hits={fired}"
    )


@pytest.mark.parametrize("text", BENIGN, ids=[_case_id(t) for t in BENIGN])
def test_benign_example_has_no_definite_hit(screen: SafetyScreen, text: str) -> None:
    result = screen.check(text)
    definite = sorted(hit.rule for hit in result.hits if hit.strength == "definite")
    assert result.standalone is None, (
        f"definite {result.definite} from {definite}; plain={screen.normalise(text)!r}"
    )


def test_every_rule_has_a_risky_example() -> None:
    covered = {case["rule"] for case in RISKY}
    missing = [rule_id for rule_id in RULE_IDS if rule_id not in covered]
    assert not missing, f"rules without an example in {CASES_FILE.name}: {missing}"


def test_examples_name_known_rules_and_levels() -> None:
    unknown_rules = sorted({case["rule"] for case in RISKY} - set(RULE_IDS))
    assert not unknown_rules, f"examples name rules not in screen.yml: {unknown_rules}"
    bad_levels = sorted({case["level"] for case in RISKY} - set(RISK_PRIORITY))
    assert not bad_levels, f"unknown levels: {bad_levels}"


def test_rule_ids_are_unique() -> None:
    assert len(RULE_IDS) == len(set(RULE_IDS))


def test_example_texts_are_unique() -> None:
    texts = [case["text"] for case in RISKY] + list(BENIGN)
    duplicates = sorted({t for t in texts if texts.count(t) > 1})
    assert not duplicates, f"duplicate examples: {duplicates}"


def test_enough_examples() -> None:
    assert len(RISKY) >= 120
    assert len(BENIGN) >= 80


@pytest.mark.parametrize("text", CASES["happening_now"], ids=_case_id)
def test_a_risk_said_to_be_happening_now_is_danger(screen: SafetyScreen, text: str) -> None:
    # No classifier ranking: what the screen alone makes of the message.
    # Danger among the risks puts 999 first in the reply (actions/safety.lead_risk).
    risks = message_risks(screen.check(text), {}, SafetyGate.get_default_config())
    assert "danger" in risks, f"risks={risks}; plain={screen.normalise(text)!r}"


@pytest.mark.parametrize("text", CASES["now_but_harmless"], ids=_case_id)
def test_happening_now_alone_is_not_a_risk(screen: SafetyScreen, text: str) -> None:
    result = screen.check(text)
    assert result.immediate, "the example should say it is happening now"
    assert message_risks(result, {}, SafetyGate.get_default_config()) == []


@pytest.mark.parametrize("text", CASES["not_now"], ids=_case_id)
def test_the_past_and_idioms_are_not_happening_now(screen: SafetyScreen, text: str) -> None:
    assert not screen.check(text).immediate, f"plain={screen.normalise(text)!r}"


@pytest.mark.parametrize("text,done", [
    ("i already took them", True), ("already took a lot", True), ("its too late now", True),
    ("i took all of them", True), ("i feel really dizzy", True), ("i just cut too deep", True),
    ("it wont stop bleeding", True), ("I have done it.", True), ("i took some of them", True),
    ("i took loads of mums tablets", True), ("i just had some", True), ("ive taken 30 paracetamol", True),
    ("i have taken a whole packet of paracetamol", True), ("i overdosed", True),
    ("i just cut my fringe", False), ("i just took my sertraline like the doctor said", False),
    ("i already took the dog out", False), ("just had lunch", False), ("im ok now", False),
    ("i did my homework", False), ("ok thanks", False), ("i had a nap", False),
])
def test_done_after_self_harm_hears_it_was_done_not_everyday_things(screen, text, done):
    """Read only inside a self-harm conversation (actions/concern.py)."""
    assert screen.says_done(text) is done


@pytest.mark.parametrize("text,here", [
    ("wait hes literally outside my school now in a black car", True), ("hes outside my house", True),
    ("theyre waiting at the school gates rn", True), ("ok so hes actually meetin me tonite at 9", True),
    ("hes picking me up from the park in 20 mins", True), ("he is on his way", True),
    ("they are at the end of my road", True), ("someone is knocking", True),
    ("hes gone now he blocked me", False), ("my mum is picking me up now", False),
    ("he is not coming now", False), ("he said he was outside my house last week", False),
    ("she is coming round tonight to help me report it", False), ("im at my nans now", False),
    ("he said he would meet me one day", False), ("i told my dad, hes coming home now", False),
    ("hes in my garden i can see him", True), ("hes pulled up by the chippy", True),
    ("she is here now with me, she is helping", False), ("shes coming into school now to talk about it", False),
    ("they followed me on insta", False),
    ("hes right outside", True), ("he just turned up", True), ("i can see him outside", True),
    ("the man from roblox is outside", True), ("hes meeting me after school", True),
    ("mum is at work and hes banging on my bedroom door", True),
    ("hes outside and says if i call the police hell post them", True),
    ("i told my mum, shes on her way", False), ("my parents know, they are picking me up now", False),
    ("i called the police they are coming round tonight", False), ("its ok my dad is home, hes downstairs", False),
    ("hes still waiting for me to send more pics", False), ("he is following me on tiktok", False),
    ("they are coming on discord in 10 mins", False), ("they are outside playing football", False),
])
def test_here_after_concern_hears_someone_here_or_on_the_way(screen, text, here):
    """Read only inside a conversation that disclosed who it is (actions/concern.py)."""
    assert screen.says_here_now(text) is here, f"plain={screen.normalise(text)!r}"


def test_the_pupil_ending_a_call_is_not_someone_else_ending_their_life(screen: SafetyScreen) -> None:
    rules = lambda text: [hit.rule for hit in screen.check(text).hits]  # noqa: E731
    assert "someone_else_suicidal" not in rules("he wont let me hang up, says if i end it hell send the screenshots to my mum")
    assert "someone_else_suicidal" in rules("my mate says hes going to end it tonight")
