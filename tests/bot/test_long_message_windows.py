"""A long message's windows are encoded only when the SafetyGate would read
them (bot/nlu/long_message.py, bot/nlu/risk_classifier.py), on the real
trained model: the same decisions as reading every window, less encoder work."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.nlu.minilm import shared_model
from bot.nlu.risk_classifier import RiskClassifier
from bot.nlu.safety_gate import SafetyGate
from tests.model_parts import component

ROOT = Path(__file__).resolve().parents[2]

HARMLESS = ("we went to the zoo on saturday and saw the penguins and the giraffes and then "
            "we had ice cream by the lake and my little brother dropped his cone in the water")
HIDDEN_ABUSE = ("so we had a supply teacher in maths and everyone was messing about and i got a detention "
                "which is so unfair. also my uncle keeps coming into my room at night and touching me and "
                "says its our secret")


@pytest.fixture
def encoded(agent, monkeypatch):
    """The texts the real encoder is given (it still does the work)."""
    model = shared_model()
    texts = []
    real = model.embed

    def counting(batch, *args, **kwargs):
        texts.extend(batch)
        return real(batch, *args, **kwargs)

    monkeypatch.setattr(model, "embed", counting)
    return texts


def _config_yml_value(component: str, key: str):
    pipeline = yaml.safe_load((ROOT / "config.yml").read_text())["pipeline"]
    entry = next(e for e in pipeline if e["name"].endswith(component))
    return entry.get(key)


def test_the_classifier_reads_windows_whenever_the_gate_would():
    gate = _config_yml_value("SafetyGate", "window_harmless_below") or \
        SafetyGate.get_default_config()["window_harmless_below"]
    classifier = _config_yml_value("RiskClassifier", "window_harmless_below") or \
        RiskClassifier.get_default_config()["window_harmless_below"]
    assert classifier >= gate


async def test_a_clearly_harmless_long_message_is_encoded_once(agent, encoded):
    parsed = await agent.parse_message(HARMLESS)
    assert parsed["kit"]["risk"] == "none"
    assert encoded == [HARMLESS]


async def test_a_long_risky_message_has_its_windows_read(agent, encoded):
    parsed = await agent.parse_message(HIDDEN_ABUSE)
    assert parsed["kit"]["risk"] == "disclosure"
    assert len(encoded) > 1 and encoded[0] == HIDDEN_ABUSE


def _long_messages():
    cases = yaml.safe_load((ROOT / "tests/safety/regression.yml").read_text())
    texts = [c["text"] for c in cases["phrases"] if len(c["text"].split()) >= 16]
    return texts + [HARMLESS, HIDDEN_ABUSE]


async def test_the_same_decisions_as_reading_every_window(agent, encoded, monkeypatch):
    messages = _long_messages()
    assert len(messages) >= 20
    lazy = [await agent.parse_message(text) for text in messages]
    lazy_count = len(encoded)
    # Every window read, as before: no whole message is that sure it is harmless.
    monkeypatch.setitem(component(agent, RiskClassifier).config, "window_harmless_below", 1.01)
    eager = [await agent.parse_message(text) for text in messages]
    for text, a, b in zip(messages, lazy, eager):
        assert (a["kit"], a["intent"]["name"]) == (b["kit"], b["intent"]["name"]), text
    # Fewer texts encoded: the clearly harmless messages' windows were skipped.
    assert lazy_count < len(encoded) - lazy_count
