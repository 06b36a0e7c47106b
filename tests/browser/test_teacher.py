"""A teacher signs in, makes a class and, once a pupil has used the join
link, sees the topic chart and a safeguarding alert; axe on every page."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.kit import first_answer, routes_in, say

# Caught by the safety screen for certain, so an alert must follow.
DISCLOSURE = "someone online keeps asking me for pictures with no clothes on"


def test_teacher_makes_a_class_and_sees_the_chart_and_an_alert(new_tab, stack, teacher, axe):
    email, password, _ = teacher
    desk = new_tab("teacher")
    desk.allow_cookies()  # the teacher's sign-in session; pupils never get one
    page = desk.open(stack.url + "/teacher/login")
    desk.shot("sign in")
    assert axe(page) == []
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(stack.url + "/teacher")
    page.get_by_label("Class name").fill("7B browser")
    page.get_by_label("Age band").select_option("11-13")
    desk.shot("classes page, a new class filled in")
    assert axe(page) == []
    page.get_by_role("button", name="Make class").click()
    page.wait_for_url(f"{stack.url}/teacher/classes/*")
    expect(page.locator("#class-code")).not_to_be_empty()
    join_url = page.locator("#join-url").inner_text()
    assert join_url.endswith("/join/" + page.locator("#class-code").inner_text())
    expect(page.locator("#no-alerts")).to_be_visible()
    desk.shot("new class dashboard")

    pupil = new_tab("pupil")
    chat = pupil.open(stack.url + "/join/" + page.locator("#class-code").inner_text())
    first_answer(chat)
    answer = say(chat, DISCLOSURE)
    assert {"childline", "ceop"} <= routes_in(answer), answer
    pupil.shot("pupil on the join link")

    page.reload()
    alert = page.locator("#alert-list li").first
    expect(alert).to_contain_text("disclosure")
    expect(page.locator("#topic-rows tr")).not_to_have_count(0)
    assert page.locator("#topic-chart svg").count() == 1
    expect(page.locator("#topic-rows")).to_contain_text("fewer than 3")  # small numbers suppressed
    assert DISCLOSURE not in page.content()  # the teacher never sees what a pupil wrote
    desk.shot("dashboard with the chart and an alert", full_page=True)
    assert axe(page) == []
