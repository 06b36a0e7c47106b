"""End to end: a pupil chats with the real three-process stack."""
from __future__ import annotations

import sqlite3

from bot.routes import mentioned_routes


def text_of(body) -> str:
    return "\n".join(r["text"] for r in body["replies"])


def test_a_disclosure_is_believed_routed_asked_about_safety_and_flagged(stack):
    session, _ = stack.start_session("8-10")
    status, body = stack.chat(session, "someone online keeps asking me for pictures with no clothes on")
    assert status == 200
    reply = text_of(body)
    assert "not your fault" in reply.lower()
    assert {"ceop", "trusted_adult"} <= set(mentioned_routes(reply))
    safe_buttons = [b["payload"] for r in body["replies"] for b in r.get("buttons", [])]
    assert {"/safe_yes", "/safe_no", "/safe_unsure"} <= set(safe_buttons)
    alerts = sqlite3.connect(stack.database).execute(
        "select category from safeguarding_alerts").fetchall()
    assert ("grooming",) in alerts  # the situation, never the words


def test_not_safe_gets_999_and_the_nearest_adult_first(stack):
    session, _ = stack.start_session("11-13")
    stack.chat(session, "he says hes coming to get me now and im scared")
    status, body = stack.chat(session, "/safe_no")
    assert status == 200
    assert body["replies"][0]["text"].startswith("Please call 999 now.")


def test_jk_after_a_disclosure_keeps_the_routes_in_view(stack):
    session, _ = stack.start_session("14-18")
    stack.chat(session, "someone has a video of me and wants £300 by tonight or he posts it")
    status, body = stack.chat(session, "jk lol i was just testing you")
    routes = set(mentioned_routes(text_of(body)))
    assert status == 200 and {"ceop", "childline"} <= routes


def test_analytics_hold_ids_and_counts_only(stack):
    session, _ = stack.start_session("11-13")
    stack.chat(session, "how do i make my account private")
    db = sqlite3.connect(stack.database)
    columns = {row[1] for row in db.execute("pragma table_info(topic_events)")}
    assert columns == {"id", "class_id", "topic", "risk", "age_band", "hour"}
    assert db.execute("select count(*) from topic_events where topic='privacy_security'").fetchone()[0] >= 1
