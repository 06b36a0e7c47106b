"""screen.yml `parts:`: named regex fragments a pattern uses as {name}
(bot/safety/screen.py expand_parts). Small inline specs, not screen.yml."""
from __future__ import annotations

import pytest

from bot.safety.screen import SafetyScreen


def _spec(pattern: str, parts: dict, benign=(), immediacy=()) -> dict:
    return {
        "parts": parts,
        "benign": list(benign),
        "immediacy": list(immediacy),
        "patterns": [{"id": "worried_friend", "level": "self_harm", "pattern": pattern}],
    }


def _rules(screen: SafetyScreen, text: str) -> list:
    return [hit.rule for hit in screen.check(text).hits]


def test_a_part_expands_in_a_pattern() -> None:
    screen = SafetyScreen(_spec(r"\b{someone} (self ?harms)\b", {"someone": "my friend|my sister"}))
    assert screen.rules[0][0].pattern == r"\b(?:my friend|my sister) (self ?harms)\b"
    assert _rules(screen, "my sister selfharms") == ["worried_friend"]
    assert _rules(screen, "my cat self harms") == []


def test_a_part_is_one_group_wherever_it_is_used() -> None:
    # without the group, "a|b c" would match a bare "a"
    screen = SafetyScreen(_spec(r"\b{who} cuts\b", {"who": "he|she"}))
    assert _rules(screen, "she cuts") == ["worried_friend"]
    assert _rules(screen, "she") == []


def test_parts_may_use_parts_and_work_in_benign_and_immediacy() -> None:
    parts = {"friend": "mate|bestie", "worried": "my {friend}", "now": "right now"}
    screen = SafetyScreen(_spec(r"\b{worried} is hurting\b", parts,
                                benign=[r"\b{worried} is hurting from football\b"],
                                immediacy=[r"\b{now}\b"]))
    assert _rules(screen, "my bestie is hurting") == ["worried_friend"]
    assert _rules(screen, "my mate is hurting from football") == []
    assert screen.check("my mate is hurting right now").immediate


def test_a_quantifier_is_left_alone() -> None:
    screen = SafetyScreen(_spec(r"\b{pills}\b.{0,20}\b\d{2,3} ?\d{2}\b", {"pills": "pills|tablets"}))
    assert screen.rules[0][0].pattern == r"\b(?:pills|tablets)\b.{0,20}\b\d{2,3} ?\d{2}\b"
    assert _rules(screen, "pills i took 120 10") == ["worried_friend"]


def test_an_unknown_part_is_an_error_naming_the_rule() -> None:
    with pytest.raises(ValueError, match=r"rule worried_friend: unknown part \{somone_else\}"):
        SafetyScreen(_spec(r"\b{somone_else} cuts\b", {"someone_else": "he|she"}))


def test_an_unknown_part_in_immediacy_is_an_error() -> None:
    with pytest.raises(ValueError, match=r"immediacy #1: unknown part \{rite_now\}"):
        SafetyScreen(_spec(r"\b{who} cuts\b", {"who": "he|she"}, immediacy=[r"\b{rite_now}\b"]))


def test_a_part_nothing_uses_is_an_error() -> None:
    with pytest.raises(ValueError, match="parts not used by any pattern: old_list"):
        SafetyScreen(_spec(r"\b{who} cuts\b", {"who": "he|she", "old_list": "mate|bestie"}))


@pytest.mark.parametrize("parts", [
    {"a": "x{b}", "b": "y{a}"},
    {"a": "x{a}", "b": "y"},
])
def test_a_cycle_is_an_error(parts: dict) -> None:
    pattern = r"\b{a}\b" if "{b}" in parts["a"] else r"\b{a}{b}\b"
    with pytest.raises(ValueError, match=r"parts: cycle a -> (b -> )?a"):
        SafetyScreen(_spec(pattern, parts))


@pytest.mark.parametrize("name", ["someone-else", "part2", "some one"])
def test_a_part_name_must_be_letters_and_underscores(name: str) -> None:
    with pytest.raises(ValueError, match="a part name is letters and underscores"):
        SafetyScreen(_spec(r"\bcuts\b", {name: "he|she"}))


def test_a_part_that_breaks_the_regex_names_the_rule() -> None:
    with pytest.raises(ValueError, match="rule worried_friend: pattern does not compile"):
        SafetyScreen(_spec(r"\b{who}\b", {"who": "he|(she"}))


def test_a_spec_without_parts_still_loads() -> None:
    spec = _spec(r"\b(he|she) cuts\b", {})
    del spec["parts"]
    assert _rules(SafetyScreen(spec), "he cuts") == ["worried_friend"]
