"""A pupil uses the widget in Chromium against the real stack: age band,
buttons, a topic, a disclosure and the routes to help."""
from __future__ import annotations

import sqlite3

from bot.store.classes import create_class
from tests.browser.conftest import PHONE
from tests.browser.kit import (
    chat_frame,
    choice,
    first_answer,
    press,
    routes_in,
    say,
    step,
    session_id,
    typing_was_seen,
    watch_typing,
)

DISCLOSURE = "someone online is making me send pictures and I'm scared"


def assert_group_used(page, chosen) -> None:
    group = chosen.locator("xpath=..")
    assert group.locator("button").count() > 1
    for i in range(group.locator("button").count()):
        assert group.locator("button").nth(i).is_disabled()
    assert "kit-choice-chosen" in (chosen.get_attribute("class") or "")


def test_demo_page_age_band_buttons_topic_and_disclosure(tab, stack, axe):
    page = tab.open(stack.url + "/")
    first_answer(page)
    page_height = page.evaluate("() => document.documentElement.scrollHeight")
    tab.shot("demo page asks for an age band")
    assert axe(page) == []

    band = page.locator('.kit-choice[data-payload*="11-13"]')
    assert band.count() == 1 and page.locator(".kit-choice").count() == 3
    watch_typing(page)
    greeting = press(page, band)
    assert typing_was_seen(page)
    assert_group_used(page, band)
    assert band.locator(".kit-visually-hidden").inner_text().strip() == "(chosen)"
    tab.shot("age band chosen, topics offered")
    assert page.locator(".kit-choice:enabled").count() >= 3, greeting

    topic = choice(page, "Gaming")
    answer = press(page, topic)
    assert_group_used(page, topic)
    assert "gaming" in answer[0].lower() and "report" in answer[0].lower(), answer
    tab.shot("gaming topic answered")

    answer = say(page, "how do i make my account private")
    assert answer[0].startswith("Kit said:") and "private" in answer[0].lower(), answer
    tab.shot("privacy question answered")

    answer = say(page, DISCLOSURE)
    assert {"childline", "ceop"} <= routes_in(answer), answer
    tab.shot("disclosure answered with routes")
    tab.shot("whole conversation", full_page=True)
    # The conversation scrolls inside the log; the host page does not grow.
    assert page.evaluate("() => document.documentElement.scrollHeight") == page_height
    assert axe(page) == []

    log = page.locator("#kit-log")
    assert log.get_attribute("role") == "log" and log.get_attribute("aria-live") == "polite"
    assert session_id(page)
    assert page.evaluate("() => localStorage.length") == 0


def test_a_class_join_link_skips_the_age_question_and_counts_for_the_class(tab, stack, teacher):
    made = create_class(f"sqlite:///{stack.database}", teacher[2], "Browser test class", "8-10")
    page = tab.open(f"{stack.url}/join/{made.code}", viewport=PHONE)
    first_answer(page)
    tab.shot("class join link: greeting, no age question")
    assert page.locator('.kit-choice[data-payload*="age_band"]').count() == 0
    assert page.locator(".kit-choice").count() >= 3

    answer = say(page, DISCLOSURE)
    assert {"childline", "ceop"} <= routes_in(answer), answer
    tab.shot("disclosure on the class link")
    events = sqlite3.connect(stack.database).execute(
        "SELECT age_band FROM topic_events WHERE class_id = ?", (made.id,)
    ).fetchall()
    assert ("8-10",) in events  # the join link's class and band went through the widget


def test_a_mistyped_class_code_still_lets_the_pupil_chat(tab, stack, school):
    tab.allow_console_error(r"status of 400 \(Bad Request\)")
    host = tab.open(school.embed("/typo", stack.url + "/widget.js", server=stack.url, class_code="NOSUCHCLASS"))
    page = chat_frame(host)
    texts = step(page, host.locator(".kit-launcher").click)
    assert "isn't linked to your class" in texts[0], texts
    assert page.locator('.kit-choice[data-payload*="age_band"]').count() == 3  # asked for the age band
    assert session_id(page)
    tab.shot("class code refused, chat goes on")


def test_an_ended_session_restarts_and_the_message_is_sent_again(tab, stack, school):
    tab.allow_console_error(r"status of 404 \(Not Found\)")
    host = tab.open(school.embed("/ended", stack.url + "/widget.js", server=stack.url, age_band="14-18"))
    page = chat_frame(host)
    step(page, host.locator(".kit-launcher").click)
    page.evaluate("() => sessionStorage.setItem('kit.session', 'ended-by-a-server-restart')")
    texts = say(page, "how do i make my account private")
    assert "started a new one" in texts[0] and "private" in " ".join(texts[1:]).lower(), texts
    assert session_id(page) not in (None, "ended-by-a-server-restart")
    tab.shot("session ended, message sent again")


def test_a_custom_colour_works_under_the_school_pages_strict_csp(tab, stack, school, axe):
    csp = (f"default-src 'self'; script-src {stack.url}; style-src {stack.url}; connect-src {stack.url}; "
           f"frame-src {stack.url}; img-src data:")
    host = tab.open(school.embed(
        "/strict", stack.url + "/widget.js", csp=csp, server=stack.url, age_band="8-10", colour="#006435",
    ))
    page = chat_frame(host)
    step(page, host.locator(".kit-launcher").click)
    launcher = host.locator(".kit-launcher").evaluate("b => getComputedStyle(b).backgroundColor")
    assert launcher == "rgb(0, 100, 53)"
    header = page.locator(".kit-header").evaluate("h => [getComputedStyle(h).backgroundColor, getComputedStyle(h).color]")
    assert header == ["rgb(0, 100, 53)", "rgb(255, 255, 255)"]
    tab.shot("custom colour under a strict CSP")
    assert axe(page) == [] and axe(host) == []
