"""Services named in running text (lesson stories, follow-ups, the teacher
guidance) are the locale's own, and the content check fails on one typed in
anywhere a pupil or teacher reads it (issue 20)."""
from __future__ import annotations

import shutil

import pytest

from bot import paths, route_words, scenarios
from bot.content import check, written
from bot.follow_ups import answer_text, load_answers
from bot.routes import available_locales, load_routes, render_routes, route_line, routes_for
from bot.web import teacher_pages


@pytest.mark.parametrize("locale, helpline, team, number", [
    ("uk", "Childline", "CEOP", "999"), ("ie", "Childline", "The Gardaí", "112"),
    ("us", "Childhelp", "The CyberTipline", "911"), ("au", "Kids Helpline", "The ACCCE", "000")])
def test_placeholders_become_the_locales_own_services(locale, helpline, team, number):
    text = "{ceop} can help. Talk to {childline}, or call {emergency_number}."
    assert route_words.fill(text, locale) == f"{team} can help. Talk to {helpline}, or call {number}."
    assert route_words.missing(text, locale) == []


def test_a_service_a_locale_has_none_of_is_reported_not_printed():
    assert route_words.missing("Try {report_harmful_content}.", "us") == ["report_harmful_content"]
    assert route_words.fill("Try {report_harmful_content}.", "us") == f"Try {route_words.FALLBACK}."


def test_only_a_capitalised_name_counts_as_a_service():
    assert route_words.hard_coded("They can help take it down. Don't shout back.", "uk") == []
    assert route_words.hard_coded("Use Take It Down.", "uk") == ["Take It Down"]
    assert route_words.hard_coded("Call 999 or text SHOUT to 85258.", "ie") == ["Shout"]  # 999 works in Ireland


@pytest.mark.parametrize("locale", available_locales())
def test_every_story_and_follow_up_reads_with_the_locales_services_only(locale):
    for story in scenarios.load_scenarios().values():
        for text in check.scenario_texts(story):
            told = route_words.fill(text.text, locale)
            assert "{" not in told and route_words.hard_coded(told, locale) == [], (text.where, told)
    for kind, entries in load_answers().items():
        for entry, bands in entries.items():
            for band in bands:
                told = answer_text(f"{kind}:{entry}", band, locale)
                assert "{" not in told and route_words.hard_coded(told, locale) == [], (kind, entry, band, told)


def test_an_australian_danger_story_says_000():
    story = scenarios.get("meet_in_park")
    assert "call 000" in scenarios.told(story.steps["the_end"].text, "8-10", "au")
    assert "999" not in scenarios.told(story.steps["the_end"].text, "8-10", "au")


@pytest.mark.parametrize("locale, wanted, unwanted", [
    ("au", ["Kids Helpline", "000", "ACCCE", "eSafety"], ["Childline", "CEOP", "999", "Report Remove"]),
    ("us", ["Childhelp", "911", "CyberTipline", "Take It Down"], ["Childline", "CEOP", "999", "Report Remove"]),
    ("uk", ["Childline", "999", "CEOP", "Report Remove"], ["{"])])
def test_the_teacher_dashboard_guidance_names_the_locales_services(locale, wanted, unwanted):
    page = teacher_pages.render("dashboard", "Class dashboard", True, locale)
    assert all(word in page for word in wanted), page
    assert not [word for word in unwanted if word in page]


# ---------------------------------------------------------------- planted

@pytest.fixture
def planted(tmp_path, monkeypatch):
    """Copies of the files a test plants a hard-coded route in."""
    follow_ups = tmp_path / "follow_ups.yml"
    shutil.copy(paths.FOLLOW_UPS_FILE, follow_ups)
    monkeypatch.setattr(paths, "FOLLOW_UPS_FILE", follow_ups)
    stories = tmp_path / "scenarios"
    shutil.copytree(scenarios.SCENARIOS_DIR, stories)
    monkeypatch.setattr(scenarios, "SCENARIOS_DIR", stories)
    teacher = tmp_path / "teacher"
    shutil.copytree(teacher_pages.TEACHER_WEB, teacher)
    monkeypatch.setattr(teacher_pages, "TEACHER_WEB", teacher)
    (tmp_path / "actions").mkdir()
    monkeypatch.setattr(written, "ROOT", tmp_path)
    for cached in (scenarios.load_scenarios, teacher_pages.render):
        cached.cache_clear()
    yield tmp_path
    for cached in (scenarios.load_scenarios, teacher_pages.render):
        cached.cache_clear()


def errors_about(where: str):
    return [str(f) for f in check.check_hard_coded() if f.level == "error" and where in f.where]


def test_the_check_passes_the_copies_as_they_are(planted):
    assert [str(f) for f in check.check_hard_coded() if f.level == "error"] == []


def test_a_story_that_says_call_999_fails_the_check(planted):
    story = planted / "scenarios" / "meet_in_park.yml"
    story.write_text(story.read_text().replace("call {emergency_number}.", "call 999."))
    found = errors_about("meet_in_park.yml")
    assert found and "names '999' itself, which locale au, us does not have" in found[0], found


def test_a_follow_up_that_names_ceop_fails_the_check(planted):
    answers = planted / "follow_ups.yml"
    answers.write_text(answers.read_text().replace("report it to {ceop} together", "report it to CEOP together"))
    found = errors_about("what_now:grooming (11-13)")
    assert found and "'CEOP'" in found[0] and "locale au, ie, us" in found[0], found


def test_a_follow_up_naming_a_service_some_locale_lacks_fails_the_check(planted):
    answers = planted / "follow_ups.yml"
    answers.write_text(answers.read_text().replace("report it to {ceop} together", "report it to {report_harmful_content} together"))
    found = errors_about("what_now:grooming (11-13)")
    assert found and "{report_harmful_content} names no service in locale us" in found[0], found


def test_an_action_string_with_childlines_number_fails_the_check(planted):
    (planted / "actions" / "planted.py").write_text(
        '"""Docstrings may say Childline."""\nWORDS = {"help": "Call Childline on 0800 1111."}\nROUTE = "childline"\n')
    found = errors_about("actions/planted.py")
    assert len(found) == 1 and "planted.py:2" in found[0] and "'Childline'" in found[0], found


def test_teacher_guidance_that_names_ceop_fails_the_check(planted):
    page = planted / "teacher" / "dashboard.html"
    page.write_text(page.read_text().replace("report online sexual abuse to {ceop}", "report online sexual abuse to CEOP"))
    found = errors_about("web/teacher/dashboard.html")
    assert {f.split("page as served (")[1][:2] for f in found} == {"au", "ie", "us"}, found


def test_a_response_with_a_route_placeholder_fails_the_check(tmp_path, monkeypatch):
    domain = tmp_path / "domain.yml"
    domain.write_text(paths.DOMAIN_FILE.read_text().replace(
        "Tell a grown-up you trust what went on.", "Tell {childline} what went on.", 1))
    monkeypatch.setattr(paths, "DOMAIN_FILE", domain)
    assert any("{childline} in a response" in str(f) for f in check.check_hard_coded())


def test_report_remove_is_offered_to_8_to_10s_and_says_under_13s_can_use_it():
    shown = render_routes(routes_for("nudes_sharing", "disclosure", "8-10", locale="uk"), "8-10", "uk")
    assert "Report Remove" in shown and "under 13" in shown
    assert "sites that take part" in render_routes(["report_remove"], "14-18", "uk").lower()


@pytest.mark.parametrize("locale", available_locales())
def test_every_sextortion_answer_offers_a_crisis_line(locale):
    """Blackmailed young people can feel desperate: the answers say so kindly
    and the routes include the locale's crisis line."""
    crisis = load_routes(locale)["samaritans"]
    for key in ("is_normal:sextortion", "what_now:sextortion", "already_did:paid"):
        for band in ("11-13", "14-18"):
            assert route_words.mention(crisis).lower() in answer_text(key, band, locale).lower(), (key, band)
    for risk in ("none", "disclosure"):
        shown = render_routes(routes_for("sextortion", risk, "14-18", locale=locale), "14-18", locale)
        assert route_line("samaritans", "14-18", locale) in shown, (risk, shown)


def test_the_routes_table_in_content_md_matches_the_data(tmp_path, monkeypatch):
    from bot.content import routes_table

    assert not routes_table.stale() and check.check_routes_table() == []
    assert "| `childline` | Childline: 0800 1111" in routes_table.routes_table()
    assert "Kids Helpline: 1800 55 1800" in routes_table.routes_table()
    copy = tmp_path / "CONTENT.md"
    copy.write_text(routes_table.CONTENT_FILE.read_text().replace("Kids Helpline: 1800 55 1800", "Kids Helpline: 1800 55 1801"))
    monkeypatch.setattr(routes_table, "CONTENT_FILE", copy)
    assert routes_table.stale() and "does not match" in check.check_routes_table()[0].rule
    routes_table.write()
    assert not routes_table.stale()
