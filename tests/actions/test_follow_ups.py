"""Follow-ups inside a topic: answered for the topic, the band and what the
conversation has shown, never with the same answer twice in a row."""
from __future__ import annotations

import sqlite3

from actions.concern import ActionConcernFollowup
from actions.follow_up import ActionFollowUp
from actions.topic import ActionAnswerTopic
from bot.follow_ups import answer_text
from bot.routes import mentioned_routes

from action_tracker import run, texts, tracker


def alerts(database):
    """The safeguarding alerts raised, as (class id, category); none if no
    table was ever written."""
    db = sqlite3.connect(database)
    if not db.execute("select 1 from sqlite_master where name = 'safeguarding_alerts'").fetchone():
        return []
    return db.execute("select class_id, category from safeguarding_alerts").fetchall()


def follow_up(intent, topic, text="a message", band="11-13", **slots):
    return tracker(intent, {"topic": None, "risk": "none"},
                   {"topic": topic, "age_band": band, **slots}, text=text)


async def test_is_that_normal_is_answered_for_the_conversations_topic():
    messages, slots = await run(ActionFollowUp(), follow_up("is_normal", "grooming", "is that normal??"))
    assert messages[0]["text"] == answer_text("is_normal:grooming", "11-13")
    assert "ceop" in mentioned_routes(texts(messages))
    assert slots["kit_said"] == ["is_normal:grooming"] and slots["topic"] == "grooming"


async def test_what_should_i_do_twice_moves_the_conversation_on():
    first, slots = await run(ActionFollowUp(), follow_up("what_now", "cyberbullying", "what should i do"))
    second, _ = await run(ActionFollowUp(), follow_up("what_now", "cyberbullying", "but what do i do",
                                                      kit_said=slots["kit_said"]))
    assert first[0]["text"] == answer_text("what_now:cyberbullying", "11-13")
    assert second[0]["text"] == answer_text("what_now_again:default", "11-13")
    assert texts(first) != texts(second)


async def test_i_already_sent_one_gets_report_remove_and_no_blame():
    messages, slots = await run(ActionFollowUp(), follow_up("already_did", "nudes_sharing", "i already sent one",
                                                            band="14-18"))
    assert messages[0]["text"] == answer_text("already_did:sent_image", "14-18")
    assert "report_remove" in mentioned_routes(texts(messages))
    assert slots["image_sent"] is True


async def test_an_adult_asking_for_nudes_makes_is_that_normal_the_grooming_answer():
    messages, _ = await run(ActionFollowUp(), follow_up("is_normal", "nudes_sharing", "is it normal", involved="adult"))
    assert messages[0]["text"] == answer_text("is_normal:grooming", "11-13")
    assert "ceop" in mentioned_routes(texts(messages))


async def test_after_a_money_demand_what_if_they_post_it_still_names_ceop_and_report_remove():
    messages, _ = await run(ActionFollowUp(), follow_up("what_if_posted", "sextortion", "what if he posts it anyway",
                                                        demand="money"))
    assert {"ceop", "report_remove"} <= set(mentioned_routes(texts(messages)))


async def test_inside_a_concern_what_now_twice_gives_two_answers_and_keeps_the_routes():
    slots = {"topic": "grooming", "risk": "disclosure", "risks": ["disclosure"], "concern": True}
    first, said = await run(ActionConcernFollowup(), tracker("what_now", {}, slots, text="what do i do"))
    second, _ = await run(ActionConcernFollowup(), tracker("what_now", {}, {**slots, **said}, text="what do i do"))
    assert first[0]["response"] == "utter_concern_next"
    assert second[0]["text"] == answer_text("what_now_again:default", "11-13")
    assert "ceop" in mentioned_routes(texts(first)) and "ceop" in mentioned_routes(texts(second))


async def test_inside_a_concern_a_follow_up_keeps_999_first_in_danger():
    slots = {"topic": "meeting_up", "risk": "danger", "risks": ["danger"], "concern": True}
    messages, _ = await run(ActionConcernFollowup(), tracker("maybe_fake", {}, slots, text="what if hes not 15"))
    assert messages[0]["response"] == "utter_danger_first"
    assert messages[1]["text"] == answer_text("maybe_fake:default", "11-13")


async def test_the_same_topic_twice_in_a_row_gets_its_next_steps_not_the_same_page():
    kit = {"topic": "cyberbullying", "risk": "none"}
    first, said = await run(ActionAnswerTopic(), tracker("cyberbullying", kit))
    second, _ = await run(ActionAnswerTopic(), tracker("cyberbullying", kit, {"topic": "cyberbullying", **said}))
    assert first[0]["response"] == "utter_cyberbullying"
    assert second[0]["text"] == answer_text("what_now:cyberbullying", "11-13")
    assert "platform_report" in mentioned_routes(texts(second))


async def test_two_close_topics_at_the_start_ask_which_one_it_is():
    ranking = [{"name": "cyberbullying", "confidence": 0.36}, {"name": "nudes_sharing", "confidence": 0.31},
               {"name": "gaming", "confidence": 0.1}]
    t = tracker("cyberbullying", {"topic": "cyberbullying", "risk": "none"}, ranking=ranking,
                text="someone is being mean to me in a group chat")
    messages, slots = await run(ActionAnswerTopic(), t)
    assert messages[0]["response"] == "utter_which_topic"
    assert [b["payload"] for b in messages[0]["buttons"]][:2] == ["/cyberbullying", "/nudes_sharing"]
    assert slots == {}  # nothing counted or remembered until the pupil picks


async def test_a_clear_topic_or_an_ongoing_conversation_is_answered_without_asking():
    ranking = [{"name": "cyberbullying", "confidence": 0.36}, {"name": "nudes_sharing", "confidence": 0.31}]
    kit = {"topic": "cyberbullying", "risk": "none"}
    ongoing, _ = await run(ActionAnswerTopic(), tracker("cyberbullying", kit, {"topic": "gaming"}, ranking=ranking))
    clear, _ = await run(ActionAnswerTopic(), tracker("cyberbullying", kit, ranking=[
        {"name": "cyberbullying", "confidence": 0.8}, {"name": "nudes_sharing", "confidence": 0.1}]))
    assert ongoing[0]["response"] == clear[0]["response"] == "utter_cyberbullying"


async def test_a_topics_first_answer_is_short_with_its_first_routes_and_the_rest_one_tap_away():
    from actions.topic import ActionTellMeMore
    from bot.routes import FIRST_REPLY_ROUTES, routes_for

    kit = {"topic": "sextortion", "risk": "none"}
    first, said = await run(ActionAnswerTopic(), tracker("sextortion", kit))
    assert first[0]["response"] == "utter_sextortion"
    assert first[0]["buttons"] == [{"title": "Tell me more", "payload": "/tell_me_more"}]
    all_routes = routes_for("sextortion", "none", "11-13")
    assert set(mentioned_routes(texts(first))) == set(all_routes[:FIRST_REPLY_ROUTES])
    more, _ = await run(ActionTellMeMore(), tracker("tell_me_more", {}, {"topic": "sextortion", **said}))
    assert more[0]["response"] == "utter_sextortion_more"
    assert set(all_routes) <= set(mentioned_routes(texts(more)))


async def test_tell_me_more_inside_a_concern_gives_the_rest_and_keeps_every_route():
    slots = {"topic": "sextortion", "risk": "disclosure", "risks": ["disclosure"], "concern": True}
    messages, _ = await run(ActionConcernFollowup(), tracker("tell_me_more", {}, slots, text="tell me more"))
    assert messages[0]["response"] == "utter_sextortion_more"
    assert {"ceop", "report_remove", "childline"} <= set(mentioned_routes(texts(messages)))


async def test_the_same_situation_told_again_moves_on_with_every_route():
    from actions.safety import ActionRespondToRisk
    kit = {"risk": "disclosure", "risks": ["disclosure"], "topic": "sextortion", "routes": ["ceop", "report_remove"]}
    first, slots = await run(ActionRespondToRisk(), tracker(
        "risk_disclosure", kit, {"topic": "sextortion"}, text="he says he'll post my pics unless i pay"))
    again, _ = await run(ActionRespondToRisk(), tracker(
        "risk_disclosure", kit, {"topic": "sextortion", "risk": "disclosure", "concern": True,
                                 "kit_said": slots["kit_said"]}, text="i already paid him £50 and he wants more"))
    assert texts(again) != texts(first)
    assert again[0]["text"] == answer_text("already_did:paid", "11-13")
    assert {"ceop", "report_remove"} <= set(mentioned_routes(texts(again)))


async def test_danger_told_again_still_puts_999_first():
    from actions.safety import ActionRespondToRisk
    kit = {"risk": "danger", "risks": ["danger"], "topic": "meeting_up"}
    _, slots = await run(ActionRespondToRisk(), tracker("risk_danger", kit, {"topic": "meeting_up"},
                                                        text="hes outside my house now"))
    again, _ = await run(ActionRespondToRisk(), tracker(
        "risk_danger", kit, {"topic": "meeting_up", "risk": "danger", "concern": True,
                             "kit_said": slots["kit_said"]}, text="hes still outside"))
    assert again[0]["response"] == "utter_danger_first"
    assert "police_999" in mentioned_routes(texts(again))
    assert again[-1]["response"] == "utter_ask_safe_now"


async def test_after_self_harm_talk_i_already_took_them_is_danger_with_999_first_and_an_alert(temp_database):
    # A topic whose danger alert would add a second category ("gaming": grooming): one alert a message.
    slots = {"topic": "gaming", "risk": "self_harm", "risks": ["self_harm"], "concern": True}
    t = tracker("already_did", {}, slots, text="i already took them", metadata={"class_id": 3})
    messages, set_slots = await run(ActionConcernFollowup(), t)
    names = [m.get("response") for m in messages]
    assert names[:2] == ["utter_danger_first", "utter_self_harm_done"] and names[-1] == "utter_ask_safe_now"
    routes = mentioned_routes(texts(messages))
    assert routes[0] == "police_999" and "childline" in routes
    assert set_slots["risk"] == "danger" and set_slots["risks"] == ["danger", "self_harm"]
    assert alerts(temp_database) == [(3, "danger")]


async def test_the_same_words_without_self_harm_talk_raise_nothing(temp_database):
    for slots in ({"topic": "nudes_sharing", "risk": "disclosure", "risks": ["disclosure"], "concern": True},
                  {"topic": "gaming", "risk": "none"}):
        t = tracker("already_did", {}, slots, text="i already did it")
        messages, set_slots = await run(ActionConcernFollowup(), t)
        assert "utter_danger_first" not in [m.get("response") for m in messages]
        assert set_slots.get("risk") in (None, slots["risk"])
    assert alerts(temp_database) == []


async def test_after_a_disclosure_the_person_outside_now_is_danger_with_999_first_and_an_alert(temp_database):
    slots = {"topic": "grooming", "risk": "disclosure", "risks": ["disclosure"], "concern": True}
    t = tracker("out_of_scope", {}, slots, text="wait hes literally outside my school now in a black car",
                metadata={"class_id": 3})
    messages, set_slots = await run(ActionConcernFollowup(), t)
    names = [m.get("response") for m in messages]
    assert names[:2] == ["utter_danger_first", "utter_someone_here_now"] and names[-1] == "utter_ask_safe_now"
    routes = mentioned_routes(texts(messages))
    assert routes[0] == "police_999" and "ceop" in routes
    assert set_slots["risk"] == "danger" and set_slots["risks"] == ["danger", "disclosure"]
    assert alerts(temp_database) == [(3, "danger")]


async def test_someone_coming_to_help_or_no_disclosure_before_raises_nothing(temp_database):
    for slots, text in (
        ({"topic": "grooming", "risk": "disclosure", "risks": ["disclosure"], "concern": True},
         "i told my dad, hes on his way"),  # the words match; a safe adult is the one coming
        ({"topic": "sextortion", "risk": "disclosure", "risks": ["disclosure"], "concern": True},
         "hes gone now, he blocked me"),
        ({"topic": None, "risk": "self_harm", "risks": ["self_harm"], "concern": True},
         "hes outside my house"),  # no disclosure about someone before
    ):
        messages, set_slots = await run(ActionConcernFollowup(), tracker("out_of_scope", {}, slots, text=text))
        assert "utter_danger_first" not in [m.get("response") for m in messages], text
        assert set_slots.get("risk") in (None, slots["risk"])
    assert alerts(temp_database) == []


async def test_inside_self_harm_talk_everyday_words_stay_a_follow_up():
    slots = {"topic": None, "risk": "self_harm", "risks": ["self_harm"], "concern": True}
    for text in ("im ok now", "i already took the dog out", "thanks"):
        messages, _ = await run(ActionConcernFollowup(), tracker("thanks", {}, slots, text=text))
        assert "utter_danger_first" not in [m.get("response") for m in messages], text
