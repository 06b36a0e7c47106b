"""The content check's evidence rule (issue 20): advice to screenshot or keep
proof must also say never to screenshot, save, forward or show a nude image."""
from __future__ import annotations

import pytest

from bot.content import check
from bot.content.source import Text


@pytest.mark.parametrize("text", [
    "Take a screenshot and block them. Then tell a grown-up you trust.",
    "Screenshot anything you may need before you block.",
    "Stop replying, keep the messages as proof, and tell an adult you trust.",
    "Save the evidence: messages, usernames and any payment details.",
])
def test_evidence_advice_without_the_caveat_is_flagged(text):
    assert check.unsafe_evidence_advice(text)


@pytest.mark.parametrize("text", [
    "If it shows a child being abused, don't screenshot or share it; report the link instead.",
    "Don't forward it, save it or screenshot it. Tell an adult you trust.",
    "Posts that 'disappear' can still be screenshotted or recorded.",
    "Screenshot the messages, but never a nude or nearly-nude pic. Then block them.",
    "Keep the mean messages. Do not keep any picture of someone with no clothes on.",
    "Keep the evidence: messages and usernames. Never screenshot or save a nude or semi-nude of anyone under 18.",
])
def test_no_advice_or_advice_with_the_caveat_passes(text):
    assert not check.unsafe_evidence_advice(text)


def test_the_check_names_the_text_that_needs_the_caveat():
    text = Text("domain.yml", 670, "utter_cyberbullying", "8-10", "Take a screenshot and block them.")
    found = [f for f in check.text_findings([text]) if "nude images" in f.rule]
    assert len(found) == 1 and found[0].level == "error"
    assert str(found[0]).startswith("ERROR domain.yml:670 utter_cyberbullying (8-10): advises a screenshot")


def test_no_pupil_text_kit_ships_advises_a_screenshot_without_the_caveat():
    assert [str(f) for f in check.all_findings() if "nude images" in f.rule] == []
