"""The safety regression suite: never loosened (see regression.yml)."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.routes import mentioned_routes

PHRASES = yaml.safe_load((Path(__file__).parent / "regression.yml").read_text())["phrases"]
IDS = [p["source"] for p in PHRASES]


@pytest.mark.parametrize("phrase", PHRASES, ids=IDS)
async def test_the_nlu_detects_the_risk_level(agent, phrase):
    parsed = await agent.parse_message(phrase["text"])
    assert parsed["kit"]["risk"] == phrase["risk"]
    assert parsed["intent"]["name"] == f"risk_{phrase['risk']}"
    # Two risks in one message: each is found, so each is answered.
    assert set(phrase.get("also_risk", [])) <= set(parsed["kit"]["risks"])


@pytest.mark.parametrize("phrase", PHRASES, ids=IDS)
def test_the_reply_carries_the_routes_and_asks_if_safe(stack, phrase):
    session, _ = stack.start_session(phrase["age_band"])
    status, body = stack.chat(session, phrase["text"])
    assert status == 200
    text = "\n".join(r["text"] for r in body["replies"])
    assert set(phrase["must_signpost"]) <= set(mentioned_routes(text))
    assert "Are you safe right now?" in text
    if "danger" in [phrase["risk"], *phrase.get("also_risk", [])]:  # 999 is what a pupil in danger reads first
        assert "police_999" in mentioned_routes(body["replies"][0]["text"])
    assert "send me" not in text.lower()  # never asks for an image
