"""End to end on the real stack: a pupil plays a lesson story to the end and
gets the routes; typing mid-story repeats the choices; a disclosure mid-story
gets the full safety reply and an alert, and the story carries on afterwards;
a teacher starts a story, the class is offered it at the top of the chat, and
the class's choices come back as suppressed counts, never as text."""
from __future__ import annotations

import datetime as dt
import sqlite3
import uuid

from bot import scenarios
from bot.routes import offered_to, route_line
from tests.e2e.test_teacher_view import every_stored_value
from tests.teacher.server import signed_in_teacher


def texts(replies) -> str:
    return "\n".join(r.get("text") or "" for r in replies)


def buttons(replies) -> dict:
    return {b["title"]: b["payload"] for r in replies for b in r.get("buttons") or []}


def say(stack, session, text) -> list:
    status, body = stack.chat(session, text)
    assert status == 200, body
    return body["replies"]


def play(stack, session, story, band, choose=0, first=None) -> list:
    """Start the story (unless `first` replies are given) and take choice
    number `choose` at every step; returns every reply on the way."""
    replies = first or say(stack, session, scenarios.start_payload(story.id))
    seen = list(replies)
    step = story.steps[story.start]
    while not step.is_end:
        assert scenarios.told(step.text, band) in texts(replies)
        choice = step.choices[choose % len(step.choices)]
        payload = buttons(replies)[scenarios.told(choice.title, band)]
        replies = say(stack, session, payload)
        seen += replies
        assert scenarios.told(choice.feedback, band) in texts(replies)
        step = story.steps[choice.next]
    assert scenarios.told(step.text, band) in texts(replies)
    return seen


def test_a_pupil_plays_a_story_to_the_end_and_is_shown_where_to_get_help(stack):
    session, start = stack.start_session("8-10")
    story_button = buttons(start).get("Try a story")
    assert story_button == "/scenario_list"
    listed = say(stack, session, story_button)
    offered = buttons(listed)
    for story in scenarios.for_age_band("8-10"):
        assert offered[scenarios.told(story.title, "8-10")] == scenarios.start_payload(story.id)
    assert "Free skins and a new app" not in offered  # an 11-18 story

    story = scenarios.get("free_skins")
    replies = play(stack, session, story, "8-10", first=say(stack, session, offered["A new friend in a game"]))
    end = texts(replies[-2:])
    assert "Childline" in end and "0800 1111" in end and "grown-up you trust" in end
    assert "Try another story" in buttons(replies[-2:])
    # The story is over: a question now gets Kit's normal answer.
    after = say(stack, session, "is it ok to chat to people in roblox")
    assert "pick one of the choices" not in texts(after)


def test_typing_during_a_story_gets_a_kind_word_and_the_choices_again(stack):
    session, _ = stack.start_session("14-18")
    story = scenarios.get("pile_on")
    replies = say(stack, session, scenarios.start_payload(story.id))
    first_step = story.steps[story.start]
    typed = say(stack, session, "i dont really get what this means")
    assert "pick one of the choices" in texts(typed)
    assert scenarios.told(first_step.text, "14-18") in texts(typed)
    assert buttons(typed) == dict(buttons(replies))  # the same choices, and the stop button
    assert "adult you trust" in texts(typed)  # where to get help, even mid-story
    # Asking for the menu mid-story keeps the story's choices (and its stop button) in view.
    menu = say(stack, session, "what can you help me with")
    assert buttons(menu) == dict(buttons(replies))
    stopped = say(stack, session, "/scenario_stop")
    assert "the story has stopped" in texts(stopped)
    # An old choice button after stopping does not restart the story silently.
    old = say(stack, session, buttons(replies)[scenarios.told(first_step.choices[0].title, "14-18")])
    assert "has finished" in texts(old) and buttons(old) == {story.title: scenarios.start_payload(story.id)}


def test_a_disclosure_mid_story_gets_the_safety_reply_and_an_alert_and_the_story_resumes(stack):
    teacher = signed_in_teacher(stack.url, f"sqlite:///{stack.database}")
    created = teacher.new_class("Year 9 Herons", "14-18")
    session, _ = stack.start_session(age_band=None, class_code=created["code"])
    story = scenarios.get("skins_new_app")
    replies = say(stack, session, scenarios.start_payload(story.id))
    step = story.steps[story.start]
    replies = say(stack, session, buttons(replies)[scenarios.told(step.choices[1].title, "14-18")])
    middle = story.steps[step.choices[1].next]
    middle_text = scenarios.told(middle.text, "14-18")  # the class's band
    assert middle_text in texts(replies)

    safety = say(stack, session, "the guy from the game keeps asking me to send him nudes and says he'll share them")
    said = texts(safety)
    assert "Thank you for telling me" in said and "not your fault" in said
    assert "CEOP" in said and "Are you safe right now?" in said
    assert middle_text not in said and "Back to the story" not in buttons(safety)  # the story waits
    alerts = teacher.get(f"/api/teacher/classes/{created['id']}/alerts").json()
    assert [a["category"] for a in alerts] == ["grooming"]  # the situation, never the words

    safe = say(stack, session, "/safe_yes")
    assert buttons(safe).get("Back to the story") == "/scenario_resume"
    assert "carry on" in texts(safe)
    back = say(stack, session, "carry on")
    assert "Welcome back to the story" in texts(back) and middle_text in texts(back)
    replies = say(stack, session, buttons(back)[scenarios.told(middle.choices[0].title, "14-18")])
    assert story.steps[middle.choices[0].next].is_end
    end = texts(replies)
    assert all(route_line(r, "14-18") in end for r in story.steps[middle.choices[0].next].routes)
    assert "CEOP" in end and "Childline" in end


def test_the_teacher_starts_a_story_the_class_is_offered_it_and_sees_counts_not_answers(stack):
    teacher = signed_in_teacher(stack.url, f"sqlite:///{stack.database}")
    created = teacher.new_class("Year 7 Swifts", "11-13")
    base = f"/api/teacher/classes/{created['id']}"
    assert teacher.post(base + "/scenario", {"scenario": "group_chat_pic"}).status_code == 200
    story = scenarios.get("group_chat_pic")
    canary = f"zebra{uuid.uuid4().hex}quokka"

    for pupil in range(4):
        session, start = stack.start_session(age_band=None, class_code=created["code"])
        assert "Your teacher has started a story" in start[1]["text"]  # right after the greeting, before the menu
        assert buttons([start[1]]) == {story.title: scenarios.start_payload(story.id)}
        replies = say(stack, session, buttons(start)[story.title])
        if pupil == 0:
            say(stack, session, f"what if it was me {canary}")  # typed mid-story: never stored
        play(stack, session, story, "11-13", choose=0 if pupil < 3 else 1, first=replies)

    choices = base + "/scenarios/group_chat_pic/choices"
    assert teacher.get(choices).json()["played"] is False  # counts come once the week is over
    db = sqlite3.connect(stack.database)
    # The week goes by: the rows move into last week, the newest the teacher is offered.
    monday = dt.datetime.fromisoformat(teacher.get(choices).json()["week"]["start"])
    last_week = (monday + dt.timedelta(days=1, hours=9)).strftime("%Y-%m-%d %H:%M:%S.%f")  # as SQLAlchemy stores it
    with db:
        db.execute("update scenario_choices set hour = ? where class_id = ?", (last_week, created["id"]))
    body = teacher.get(choices).json()
    counts = {(s["step"], c["choice"]): c["display"] for s in body["steps"] for c in s["choices"]}
    # 3 and 1 at each step: the 3 would give the 1 away to a teacher who knows 4 played, so neither shows.
    assert counts == {
        ("shared", "dont_pass_on"): "not shown", ("shared", "laugh"): "not shown",
        ("friend", "report_remove"): "not shown", ("friend", "unsure"): "not shown",
    }
    assert body["played"] is True and all(s["hidden"] for s in body["steps"])
    stored = every_stored_value(stack.database)
    assert canary not in stored and "what if it was me" not in stored
    rows = db.execute("select class_id, scenario, step, choice from scenario_choices where class_id = ?",
                      (created["id"],)).fetchall()
    assert len(rows) == 8 and {r[1] for r in rows} == {"group_chat_pic"}


def test_every_story_plays_to_its_end_in_every_band_it_is_written_for(stack):
    """Each story once per band, taking the first choice at every step in one
    play and the second in another, so every choice of a two-choice step is
    answered by the running bot with its feedback and the end shows routes."""
    for story in scenarios.load_scenarios().values():
        for band in story.bands:
            for choose in (0, 1):
                session, _ = stack.start_session(band)
                replies = play(stack, session, story, band, choose=choose)
                end = story.steps[scenarios.paths_through(story)[0][-1][0]]
                shown = texts(replies[-2:])
                offered = [r for r in end.routes if offered_to(r, band)]
                assert offered and all(route_line(r, band) in shown for r in offered), (story.id, band)
