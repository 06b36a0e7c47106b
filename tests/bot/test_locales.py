"""Locale packs: a school in Ireland, the US or Australia sees its own routes,
and the content check proves every locale covers every route Kit asks for."""
from __future__ import annotations

import shutil

import pytest

from bot import paths, routes
from bot.content import check
from bot.content.source import Text


@pytest.fixture
def fresh_routes():
    """Route data is cached per process; tests that swap files start clean."""
    def clear():
        for cached in (routes.uk_routes, routes.load_locale, routes._resolved, routes.active_locale):
            cached.cache_clear()
    clear()
    yield
    clear()


@pytest.mark.parametrize("locale, number", [("uk", "999"), ("ie", "112"), ("us", "911"), ("au", "000")])
def test_a_pupil_in_danger_sees_their_own_countrys_emergency_number(locale, number):
    shown = routes.render_routes(routes.routes_for("meeting_up", "danger", "8-10", locale=locale), "8-10", locale)
    assert f"call {number}" in shown
    if locale in ("us", "au"):
        assert "999" not in shown and "0800 1111" not in shown


def test_self_harm_routes_are_the_locales_helplines():
    us = routes.render_routes(routes.routes_for(None, "self_harm", "14-18", locale="us"), "14-18", "us")
    assert "988" in us and "Samaritans" not in us and "Shout" not in us
    assert us.count("988 Suicide") == 1  # childline, shout, samaritans, papyrus all become 988: shown once
    au = routes.render_routes(routes.routes_for(None, "self_harm", "8-10", locale="au"), "8-10", "au")
    assert "1800 55 1800" in au


def test_a_route_the_country_has_none_of_is_left_out():
    assert routes.substitutions("us")["report_harmful_content"] is None
    ids = routes.routes_for("cyberbullying", "none", "14-18", locale="us")
    assert "report_harmful_content" not in ids and "platform_report" in ids
    assert "report_harmful_content" in routes.routes_for("cyberbullying", "none", "14-18", locale="uk")


def test_replies_are_read_back_as_the_route_ids_kit_asked_for():
    # the evaluator's must_signpost ids stay the same whatever the locale
    assert routes.mentioned_routes("Call 911 now.", "us") == ["police_999"]
    assert set(routes.mentioned_routes("hotline.ie/report", "ie")) == {"report_remove", "iwf"}


def test_kit_locale_chooses_the_pack_and_an_unknown_one_is_refused(monkeypatch, fresh_routes):
    monkeypatch.setenv("KIT_LOCALE", "au")
    assert routes.active_locale() == "au"
    assert "000" in routes.render_routes(["police_999"], "11-13")
    routes.active_locale.cache_clear()
    monkeypatch.setenv("KIT_LOCALE", "fr")
    with pytest.raises(ValueError, match="uk, au, ie, us"):
        routes.active_locale()
    assert any("KIT_LOCALE" in str(f) for f in check.check_routes())


def test_the_shipped_locales_cover_every_route_kit_asks_for():
    assert set(routes.available_locales()) == {"uk", "ie", "us", "au"}
    asked = check.asked_for()
    assert {"ceop", "report_remove", "police_999", "childline"} <= set(asked)
    for locale in routes.available_locales():
        assert set(asked) <= set(routes.substitutions(locale)), locale
    assert [f for f in check.check_routes() if f.level == "error"] == []


@pytest.fixture
def locales_copy(tmp_path, monkeypatch, fresh_routes):
    """A copy of the locale packs a test may break."""
    copy = tmp_path / "locales"
    shutil.copytree(paths.LOCALES, copy)
    monkeypatch.setattr(paths, "LOCALES", copy)
    return copy


def test_a_locale_that_forgets_a_route_fails_the_check(locales_copy):
    pack = locales_copy / "ie" / "routes.yml"
    pack.write_text(pack.read_text().replace("  ceop: garda\n", ""))
    errors = [str(f) for f in check.check_routes() if f.level == "error"]
    assert any("locale ie does not cover route 'ceop'" in e and "data/topics.yml" in e for e in errors), errors


def test_a_substitute_that_does_not_exist_fails_the_check(locales_copy):
    pack = locales_copy / "us" / "routes.yml"
    pack.write_text(pack.read_text().replace("report_remove: take_it_down", "report_remove: take_it_dwn"))
    errors = [str(f) for f in check.check_routes() if f.level == "error"]
    assert any("'report_remove' is replaced by 'take_it_dwn'" in e for e in errors), errors


def test_a_locale_with_no_route_at_all_for_a_danger_fails_the_check(locales_copy):
    pack = locales_copy / "au" / "routes.yml"
    text = pack.read_text()
    for route in ("police_999: emergency_000", "ceop: accce", "childline: kids_helpline"):
        text = text.replace(route, route.split(":")[0] + ": null")
    pack.write_text(text.replace("keep:\n  - platform_report\n", "keep: []\n").replace("  trusted_adult:", "  trusted_adult_au:"))
    errors = [str(f) for f in check.check_routes() if f.level == "error"]
    assert any("locale au: no route at all for topic grooming, risk danger" in e for e in errors), errors


def test_a_bad_phone_number_in_a_locale_names_the_countrys_format(locales_copy):
    pack = locales_copy / "au" / "routes.yml"
    pack.write_text(pack.read_text().replace('phone: "1800 55 1800"', 'phone: "1800 551 80"'))
    errors = [str(f) for f in check.check_routes() if f.level == "error"]
    assert any("'1800 551 80' is not a valid Australia number" in e and "1800 55 1800" in e for e in errors), errors


def test_responses_that_write_999_themselves_fail_for_every_locale_with_another_number():
    text = Text("domain.yml", 12, "utter_example", "8-10", "If you are in danger, call 999 now.")
    errors = check._named_itself(text, routes.available_locales())
    assert len(errors) == 1 and errors[0].level == "error" and errors[0].where.startswith("domain.yml:12 utter_example")
    assert "locale au, us" in errors[0].rule  # 999 works in Ireland too
    assert check._named_itself(text, ["ie"]) == [] and check._named_itself(text, ["uk"]) == []


def test_kits_own_texts_name_no_service_any_locale_replaces():
    assert [str(f) for f in check.check_hard_coded() if f.level == "error"] == []


@pytest.mark.parametrize("locale, number", [("uk", "999"), ("ie", "112"), ("us", "911"), ("au", "000")])
async def test_the_safety_replies_say_the_locales_emergency_number(monkeypatch, fresh_routes, locale, number):
    from rasa.core.nlg import TemplatedNaturalLanguageGenerator
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import SlotSet
    from rasa.shared.core.trackers import DialogueStateTracker
    from rasa_sdk import Tracker
    from rasa_sdk.executor import CollectingDispatcher

    from actions.conversation import ActionStartSession

    monkeypatch.setenv("KIT_LOCALE", locale)
    latest = {"text": "/start_session", "intent": {"name": "start_session"}, "entities": []}
    events = await ActionStartSession().run(CollectingDispatcher(), Tracker("t", {}, latest, [], False, None, {}, ""), {})
    assert {"event": "slot", "name": "emergency_number", "value": number, "timestamp": None} in events
    nlg = TemplatedNaturalLanguageGenerator(Domain.load(str(paths.DOMAIN_FILE)).responses)
    for band in ("8-10", "14-18"):
        tracker = DialogueStateTracker.from_events("t", [SlotSet("emergency_number", number), SlotSet("age_band", band)])
        for response in ("utter_danger_first", "utter_self_harm_ack", "utter_get_help_now"):
            text = (await nlg.generate(response, tracker, "rest"))["text"]
            assert f"call {number}" in text.lower(), (response, band, text)


@pytest.mark.parametrize("locale, number", [("uk", "999"), ("us", "911"), ("au", "000")])
def test_the_web_apps_last_resort_message_is_the_locales_own(monkeypatch, fresh_routes, locale, number):
    from bot.safety.net import emergency_replies

    monkeypatch.setenv("KIT_LOCALE", locale)
    text = emergency_replies()[0]["text"]
    assert number in text
    assert {"police_999", "childline"} <= set(routes.mentioned_routes(text, locale))


def test_each_country_sends_a_pupil_to_the_right_service():
    def shown(topic, risk, band, locale):
        return routes.render_routes(routes.routes_for(topic, risk, band, locale=locale), band, locale)

    # US: Childhelp is the general helpline; 988 is for self-harm only.
    bullying = shown("cyberbullying", "disclosure", "11-13", "us")
    assert "1-800-422-4453" in bullying and "988" not in bullying
    assert "988" in shown(None, "self_harm", "8-10", "us")
    # Australia: grooming and sextortion go to the ACCCE, with Kids Helpline.
    for topic in ("grooming", "sextortion"):
        text = shown(topic, "disclosure", "14-18", "au")
        assert "accce.gov.au/report" in text and "1800 55 1800" in text, topic
    assert "13 11 14" in shown(None, "self_harm", "14-18", "au")
    # Ireland: Pieta, the Irish Samaritans email, and Coimisiún na Meán.
    crisis = shown(None, "self_harm", "14-18", "ie")
    assert "1800 247 247" in crisis and "jo@samaritans.ie" in crisis and "samaritans.org" not in crisis
    assert "cnam.ie" in shown("cyberbullying", "none", "14-18", "ie")


def test_every_route_in_every_locale_names_its_source_page():
    for locale in routes.available_locales():
        own = routes.uk_routes() if locale == routes.DEFAULT_LOCALE else routes.load_locale(locale)["routes"]
        for route_id, route in own.items():
            assert check.URL.match(route.get("source") or ""), (locale, route_id, route.get("source"))


def test_a_route_without_a_source_fails_the_check(locales_copy):
    pack = locales_copy / "au" / "routes.yml"
    pack.write_text(pack.read_text().replace('    source: "https://www.lifeline.org.au"\n', "")
                    .replace("https://www.triplezero.gov.au", "www.triplezero.gov.au"))
    errors = [str(f) for f in check.check_routes() if f.level == "error"]
    assert any("lifeline_au: no source" in e for e in errors), errors
    assert any("emergency_000: source 'www.triplezero.gov.au' is not a valid https address" in e for e in errors), errors


@pytest.mark.parametrize("topic", ["cyberbullying", "worried_about_friend", None])
def test_a_risky_message_about_a_picture_names_report_remove_whatever_its_topic(topic):
    # A picture going round read as bullying or a friend worry still hears it can be taken down.
    text = "they turned the pic of me into a sticker in the gc"
    assert "report_remove" in routes.routes_for(topic, "disclosure", "14-18", text)
    assert "report_remove" in routes.routes_for(topic, "danger", "14-18", text)
    # only when a picture is mentioned, only on a risky message, and never outside the route's age bands
    assert "report_remove" not in routes.routes_for(topic, "disclosure", "14-18", "they said they will get me after school")
    assert "report_remove" not in routes.routes_for("cyberbullying", "none", "14-18", text)
    assert "report_remove" not in routes.routes_for(topic, "disclosure", "14-18", "it is a topic about a picnic")
