"""End to end: a pupil asks a sub-question (FAQ) and gets its answer, in their
age band's words, followed by its routes."""
from __future__ import annotations

import pytest
import yaml

from bot import paths
from bot.routes import mentioned_routes

RESPONSES = yaml.safe_load(paths.DOMAIN_FILE.read_text(encoding="utf-8"))["responses"]


def answer(faq: str, band: str) -> str:
    variations = RESPONSES[f"utter_faq/{faq}"]
    return next(v["text"] for v in variations if v["condition"][0]["value"] == band)


def text_of(body) -> str:
    return "\n".join(r["text"] for r in body["replies"])


@pytest.mark.parametrize("band,text,faq,routes", [
    ("8-10", "how do u block ppl on roblox", "block_report_roblox", {"platform_report", "trusted_adult"}),
    # Report Remove is open to under-13s too (Childline's page, issue 20).
    ("8-10", "can a pic of me be taken off the internet", "picture_taken_down", {"trusted_adult", "childline", "report_remove"}),
    ("11-13", "what happens if i report someone to ceop, will my mum find out", "ceop_what_happens", {"ceop", "trusted_adult"}),
    ("11-13", "is childline free", "childline_what", {"childline"}),
    ("14-18", "how does the report remove thing work", "report_remove_how", {"report_remove", "childline"}),
    ("14-18", "will i get in trouble for sending a nude at 15", "trouble_sent_nude", {"trusted_adult", "report_remove"}),
])
def test_a_sub_question_gets_its_answer_for_the_band_and_its_routes(stack, band, text, faq, routes):
    session, _ = stack.start_session(band)
    status, body = stack.chat(session, text)
    assert status == 200
    reply = text_of(body)
    assert answer(faq, band) in reply
    assert routes <= set(mentioned_routes(reply))
    assert any(r.get("buttons") for r in body["replies"]), "next steps for a pupil who does not know what to type"


def test_a_sub_question_mid_conversation_keeps_the_conversations_routes(stack):
    session, _ = stack.start_session("14-18")
    stack.chat(session, "people keep screenshotting my messages and posting them to laugh at me")
    status, body = stack.chat(session, "how do i block someone on instagram")
    reply = text_of(body)
    assert status == 200 and answer("block_report_instagram", "14-18") in reply
    routes = set(mentioned_routes(reply))
    assert {"platform_report", "trusted_adult", "report_harmful_content"} <= routes
    assert "ceop" not in routes  # still a bullying conversation: CEOP does not handle bullying


def test_a_disclosure_phrased_as_a_question_gets_the_safety_reply(stack):
    session, _ = stack.start_session("14-18")
    status, body = stack.chat(session, "will i get in trouble if he already has my nudes and says hell post them")
    reply = text_of(body)
    assert status == 200 and "not your fault" in reply.lower()
    assert not any(answer(faq, "14-18") in reply for faq in ("trouble_sent_nude", "picture_taken_down"))
    assert {"ceop", "childline"} <= set(mentioned_routes(reply))


def test_the_same_sub_question_twice_gets_the_next_step_not_the_same_answer(stack):
    session, _ = stack.start_session("14-18")
    _, first = stack.chat(session, "how do i make my account private")
    status, again = stack.chat(session, "how do i make my account private")
    assert status == 200 and answer("account_private", "14-18") in text_of(first)
    assert answer("account_private", "14-18") not in text_of(again)
    assert mentioned_routes(text_of(again)), "the routes again"
