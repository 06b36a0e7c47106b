"""A teacher signs in, makes a class and, once a pupil has used the join
link, sees the topic chart and a safeguarding alert and acknowledges it;
rotates, closes and reopens the class code; shows the join QR code; sees a
lesson story's choices by week. axe on every page state."""
from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit

from playwright.sync_api import expect

from bot.store.db import session_for
from bot.store.models import ScenarioChoice, TopicEvent
from tests.browser.desk import confirm, make_class, qr_encodes, shown_qr, sign_in
from tests.browser.kit import first_answer, routes_in, say

# Caught by the safety screen for certain, so an alert must follow.
DISCLOSURE = "someone online keeps asking me for pictures with no clothes on"
POLL_MS = 15_000  # dashboard.js polls the alerts this often
CLOSED_LINK = "This class link is not open any more"  # bot/web/join.py
AGE_QUESTION = '.kit-choice[data-payload*="age_band"]'


def assert_no_pupil_text(page) -> None:
    content = page.content()
    assert DISCLOSURE not in content and "no clothes" not in content  # the teacher never sees what a pupil wrote


def pupil_disclosure(new_tab, join_url: str, role: str = "pupil") -> None:
    pupil = new_tab(role)
    chat = pupil.open(join_url)
    first_answer(chat)
    answer = say(chat, DISCLOSURE)
    assert {"childline", "ceop"} <= routes_in(answer), answer
    pupil.shot("pupil on the join link")


def test_teacher_makes_a_class_and_sees_the_chart_and_an_alert(new_tab, stack, teacher, axe):
    desk = new_tab("teacher")
    page = sign_in(desk, stack, teacher, axe=axe)
    code = make_class(desk, stack, "7B browser", "11-13", axe=axe)
    join_url = page.locator("#join-url").inner_text()
    assert join_url.endswith("/join/" + code)
    expect(page.locator("#no-alerts")).to_be_visible()
    desk.shot("new class dashboard")

    pupil_disclosure(new_tab, stack.url + "/join/" + code)

    # Topic counts come by finished week: last week's, as the class left them.
    class_id = int(urlsplit(page.url).path.rsplit("/", 1)[1])
    last_week = dt.datetime.fromisoformat(page.evaluate(
        "id => fetch('/api/teacher/classes/' + id + '/topics').then(r => r.json()).then(b => b.week.start)", class_id))
    with session_for(f"sqlite:///{stack.database}") as session, session.begin():
        for topic, times in [("gaming", 4), ("grooming", 1), ("sextortion", 1), ("meeting_up", 1)]:
            session.add_all(TopicEvent(class_id=class_id, topic=topic, risk="none", age_band="11-13",
                                       hour=last_week + dt.timedelta(days=2, hours=10)) for _ in range(times))
    page.reload()
    alert = page.locator("#alert-list li").first
    expect(alert).to_contain_text("groomed online")  # the situation, never the words
    expect(page.locator("#topic-rows tr")).to_have_count(2)
    assert page.locator("#topic-chart svg").count() == 1
    expect(page.locator("#topic-rows")).to_contain_text("Other topics")  # three small topics, together
    expect(page.locator("#topic-rows")).not_to_contain_text("Grooming")  # one message: never named
    expect(page.locator("#period option").first).to_contain_text("Last week: ")
    assert_no_pupil_text(page)
    desk.shot("dashboard with the chart and an alert", full_page=True)
    assert axe(page) == []


def test_an_alert_arrives_by_itself_and_the_teacher_acknowledges_it(new_tab, stack, teacher, axe):
    email = teacher[0]
    desk = new_tab("teacher")
    page = sign_in(desk, stack, teacher)
    make_class(desk, stack, "8A alerts", "11-13")
    expect(page.locator("#no-alerts")).to_be_visible()

    pupil_disclosure(new_tab, page.locator("#join-url").inner_text())

    # No reload: the dashboard's own polling brings the alert and announces it.
    expect(page.locator("#alerts-live")).to_have_text("New safeguarding alert.", timeout=POLL_MS + 10_000)
    alert = page.locator("#alert-list li")
    expect(alert).to_have_count(1)
    expect(alert).to_contain_text(re.compile(
        r"A pupil may be being groomed online \u2013 between (\d\d):00 and \d\d:00 on \w{3} \d{1,2} \w{3}\."))
    expect(page.locator("#no-alerts")).to_be_hidden()
    button = alert.get_by_role("button", name="Acknowledge")
    expect(button).to_have_accessible_description("A pupil may be being groomed online")
    assert_no_pupil_text(page)
    desk.shot("an alert, not yet acknowledged")
    assert axe(page) == []

    button.focus()
    page.keyboard.press("Enter")  # as a keyboard user would
    expect(alert).to_have_class("acknowledged")
    expect(alert.get_by_role("button")).to_have_count(0)
    shown = alert.locator("p").inner_text()
    # The server gives whole minutes, so the page shows no seconds (not an ever-":00").
    assert re.fullmatch(rf"Acknowledged by {re.escape(email)} at \d\d/\d\d/\d{{4}}, \d\d:\d\d\.", shown), shown
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\dZ", alert.locator("time").get_attribute("datetime"))
    when = dt.datetime.strptime(alert.locator("time").inner_text(), "%d/%m/%Y, %H:%M")
    now = dt.datetime.strptime(page.evaluate("() => new Date().toLocaleString('en-GB')"), "%d/%m/%Y, %H:%M:%S")
    assert dt.timedelta(0) <= now - when < dt.timedelta(minutes=2), (when, now)
    # The button went away with the acknowledgement: focus stays on the alert, not lost to the page.
    assert page.evaluate("() => document.activeElement.id") == alert.get_attribute("id")
    assert_no_pupil_text(page)
    desk.shot("the alert acknowledged")
    assert axe(page) == []

    page.reload()
    expect(alert).to_have_class("acknowledged")
    expect(alert).to_contain_text(shown)
    expect(page.get_by_role("button", name="Acknowledge")).to_have_count(0)
    assert_no_pupil_text(page)
    desk.shot("still acknowledged after a reload")
    assert axe(page) == []


def assert_link_is_closed(new_tab, join_url: str, role: str, axe) -> None:
    """The pupil on a link that no longer joins the class: a kind note that
    names Childline, and the chat still works (asking the age band itself)."""
    pupil = new_tab(role)
    chat = pupil.open(join_url)
    first_answer(chat)
    note = chat.locator("#kit-join-note")
    expect(note).to_contain_text(CLOSED_LINK)
    expect(note).to_contain_text("Childline")
    expect(note).to_contain_text("0800 1111")
    expect(chat.locator(AGE_QUESTION)).to_have_count(3)
    assert chat.locator("[data-class-code]").get_attribute("data-class-code") == ""
    pupil.shot("a link that no longer joins the class")
    assert axe(chat) == []


def assert_code_is_closed(page, code: str) -> None:
    """A closed code: no join link or QR code to put on the board, a note
    that says so, and "Make a new code" as the way on."""
    expect(page.locator("#class-code")).to_have_text(f"{code} (closed)")
    expect(page.locator("#class-code s")).to_have_text(code)  # struck through
    expect(page.locator("#join-url")).to_be_hidden()
    expect(page.locator("#join-qr")).to_be_hidden()
    assert page.locator("#join-qr").get_attribute("src") is None  # not even fetched
    note = page.locator("#closed-note")
    expect(note).to_be_visible()
    expect(note).to_contain_text("This code is closed.")
    expect(note).to_contain_text("Make a new code to let pupils join again.")
    rotate = page.get_by_role("button", name="Make a new code")
    expect(rotate).to_have_accessible_description(re.compile(r"^This code is closed\."))
    expect(rotate).not_to_have_class(re.compile(r"\bsecondary\b"))  # the main button now
    expect(page.get_by_role("button", name="Close this code")).to_be_disabled()


def test_rotating_and_closing_the_class_code(new_tab, stack, teacher, axe):
    desk = new_tab("teacher")
    page = sign_in(desk, stack, teacher)
    old_code = make_class(desk, stack, "9C codes", "14-18")
    old_link = page.locator("#join-url").inner_text()

    question = confirm(page, "Make a new code")
    assert "old code" in question and "stop working" in question, question
    expect(page.locator("#class-status")).to_have_text(re.compile(r"^New code: \S+$"))
    new_code = page.locator("#class-code").inner_text()
    assert page.locator("#class-status").inner_text() == f"New code: {new_code}"
    new_link = page.locator("#join-url").inner_text()
    assert new_code != old_code and new_link == old_link.replace(old_code, new_code)
    assert page.locator("#join-url").get_attribute("href") == new_link
    assert new_code in page.locator("#join-qr").get_attribute("src")
    expect(page.locator("#closed-note")).to_be_hidden()
    expect(page.get_by_role("button", name="Make a new code")).to_have_accessible_description("")
    desk.shot("a new code")
    assert axe(page) == []

    assert_link_is_closed(new_tab, old_link, "pupil-old-link", axe)
    pupil = new_tab("pupil-new-link")
    chat = pupil.open(new_link)
    first_answer(chat)
    expect(chat.locator("#kit-join-note")).to_have_count(0)
    expect(chat.locator(AGE_QUESTION)).to_have_count(0)  # the class's age band came with the link
    assert chat.locator("[data-class-code]").get_attribute("data-class-code") == new_code
    pupil.shot("the new link joins the class")
    assert axe(chat) == []

    question = confirm(page, "Close this code", accept=False)
    assert "Close this code?" in question, question
    expect(page.locator("#class-code")).to_have_text(new_code)  # thought better of it: still open
    expect(page.get_by_role("button", name="Close this code")).to_be_enabled()

    confirm(page, "Close this code")
    expect(page.locator("#class-status")).to_have_text("The code is closed.")
    assert_code_is_closed(page, new_code)
    # The pressed button is now disabled: focus moves on to the way to reopen, not lost to the page.
    assert page.evaluate("() => document.activeElement.id") == "rotate-code"
    desk.shot("the code closed")
    assert axe(page) == []
    page.reload()
    assert_code_is_closed(page, new_code)
    desk.shot("the code closed, after a reload")
    assert axe(page) == []

    assert_link_is_closed(new_tab, new_link, "pupil-closed-link", axe)

    # A new code reopens the class: the link and QR code come back, with the new code.
    question = confirm(page, "Make a new code")
    assert "join this class again" in question, question
    expect(page.locator("#class-status")).to_have_text(re.compile(r"^Pupils can join the class again\. New code: \S+$"))
    reopened_code = page.locator("#class-code").inner_text()
    assert reopened_code not in (old_code, new_code) and "closed" not in reopened_code
    assert page.locator("#class-status").inner_text().endswith(f"New code: {reopened_code}")
    expect(page.locator("#closed-note")).to_be_hidden()
    expect(page.get_by_role("button", name="Close this code")).to_be_enabled()
    expect(page.get_by_role("button", name="Make a new code")).to_have_class(re.compile(r"\bsecondary\b"))
    reopened_link = page.locator("#join-url").inner_text()
    assert reopened_link == old_link.replace(old_code, reopened_code)
    expect(page.locator("#join-qr")).to_be_visible()
    assert qr_encodes(page.request.get(shown_qr(page)).text(), reopened_link)
    desk.shot("the class reopened with a new code")
    assert axe(page) == []
    pupil = new_tab("pupil-reopened-link")
    chat = pupil.open(reopened_link)
    first_answer(chat)
    expect(chat.locator("#kit-join-note")).to_have_count(0)
    assert chat.locator("[data-class-code]").get_attribute("data-class-code") == reopened_code


def test_the_join_qr_code_is_our_own_svg_of_the_join_link(new_tab, stack, teacher, axe):
    desk = new_tab("teacher")
    page = sign_in(desk, stack, teacher)
    make_class(desk, stack, "10D QR")
    join_url = page.locator("#join-url").inner_text()

    qr = page.get_by_role("img", name="QR code for the class join link")
    expect(qr).to_be_visible()
    assert page.locator("#join-qr").evaluate("img => img.tagName") == "IMG"
    source = shown_qr(page)
    assert urlsplit(source)[:2] == urlsplit(stack.url)[:2], source  # our own origin
    assert desk.third_party_requests() == []
    qr.scroll_into_view_if_needed()
    desk.shot("dashboard with the join QR code")
    assert axe(page) == []

    response = page.request.get(source)  # with the teacher's cookie, as the <img> fetched it
    assert response.status == 200 and response.headers["content-type"] == "image/svg+xml"
    assert qr_encodes(response.text(), join_url)

    confirm(page, "Make a new code")
    expect(page.locator("#join-url")).not_to_have_text(join_url)
    fresh = page.request.get(page.locator("#join-qr").evaluate("img => img.src")).text()
    assert qr_encodes(fresh, page.locator("#join-url").inner_text()) and not qr_encodes(fresh, join_url)


def test_the_board_view_shows_the_code_in_large_type_and_the_qr_code(new_tab, stack, teacher, axe):
    desk = new_tab("teacher")
    page = sign_in(desk, stack, teacher)
    code = make_class(desk, stack, "11E board")
    join_url = page.locator("#join-url").inner_text()
    page.get_by_role("button", name="Show on the board").click()
    board = page.get_by_role("dialog", name="Join Kit with this class code")
    expect(board).to_be_visible()
    expect(board.locator("#board-code")).to_have_text(code)
    size = board.locator("#board-code").evaluate("node => parseFloat(getComputedStyle(node).fontSize)")
    assert size >= 120, size  # pixels: readable from the back of a classroom
    box = board.bounding_box()
    assert box["width"] >= 1270 and box["height"] >= 790, box  # it fills the 1280x800 window
    qr = board.get_by_role("img", name="QR code for the class join link")
    expect(qr).to_be_visible()
    assert qr.bounding_box()["height"] >= 300
    assert qr_encodes(page.request.get(qr.evaluate("img => img.src")).text(), join_url)
    expect(board.locator("#board-link")).to_have_text(join_url)
    desk.shot("the board view")
    assert axe(page) == []
    page.keyboard.press("Escape")
    expect(board).to_be_hidden()
    assert page.evaluate("document.fullscreenElement") is None
    page.get_by_role("button", name="Show on the board").click()
    expect(board).to_be_visible()
    board.get_by_role("button", name="Close (Esc)").click()
    expect(board).to_be_hidden()


def test_the_story_panel_shows_a_finished_weeks_choices_and_offers_the_weeks(new_tab, stack, teacher, axe):
    desk = new_tab("teacher")
    page = sign_in(desk, stack, teacher)
    make_class(desk, stack, "8S stories", "11-13")
    page.get_by_label("Story", exact=True).select_option("skins_new_app")
    page.get_by_role("button", name="Start for the class").click()
    expect(page.locator("#story-current")).to_have_text("Offered to the class now: Free skins and a new app.")
    choices = page.locator("#story-choices")
    expect(choices).to_contain_text("Not played in the week ")

    # Choices come by finished calendar week, as topics do: last week's, as the class left them.
    class_id = int(urlsplit(page.url).path.rsplit("/", 1)[1])
    last_week = dt.datetime.fromisoformat(page.locator("#story-period option").first.get_attribute("value"))
    with session_for(f"sqlite:///{stack.database}") as session, session.begin():
        for step, choice, times in [("skins", "decline", 4), ("skins", "accept", 3),
                                    ("private_chat", "block_report", 6), ("private_chat", "answer", 1)]:
            session.add_all(ScenarioChoice(class_id=class_id, scenario="skins_new_app", step=step, choice=choice,
                                           hour=last_week + dt.timedelta(days=3, hours=11)) for _ in range(times))
    page.get_by_role("button", name="Refresh the counts").click()
    tables = choices.get_by_role("table")
    expect(tables.first.locator("tr")).to_have_text(["Take the skin and share the app 3",
                                                     "Say thanks, but keep chat in the game 4"], use_inner_text=True)
    # One pupil answered: no number at that step, not even the 6 (7 played: 7 - 6 would be that pupil).
    expect(tables.nth(1).locator("tr")).to_have_text(["Block, report and tell someone not shown",
                                                      "Answer, they seem nice not shown"], use_inner_text=True)
    expect(choices.locator(".story-hidden")).to_have_text(
        "No numbers for this step: a choice was made fewer than 3 times, and the other numbers would give that away.")
    period = page.get_by_label("Week of choices")
    expect(period.locator("option").first).to_contain_text("Last week: ")
    offered = page.evaluate(
        "id => fetch('/api/teacher/classes/' + id + '/topics').then(r => r.json()).then(b => b.weeks.length)", class_id)
    expect(period.locator("option")).to_have_count(offered)  # the same weeks as the topics
    expect(page.locator(".story-threshold").first).to_have_text("3")
    desk.shot("story choices for last week", full_page=True)
    assert axe(page) == []

    period.select_option(index=1)
    expect(choices).to_contain_text("Not played in the week ")  # last week's choices stay in their week
    assert not [url for url in desk.requests if "days=" in url]
    assert axe(page) == []


def test_a_form_cannot_be_sent_before_its_page_knows_who_is_signed_in(new_tab, stack, teacher):
    """Under load the sign-in check can be slow; a click on "Make class" before
    it answered used to submit the form natively (a reload with the class name
    in the address bar, and no class)."""
    desk = new_tab("teacher")
    page = sign_in(desk, stack, teacher)
    held = []

    def hold(route):
        held.append(route)  # the sign-in check waits until we let it go

    page.route("**/api/teacher/me", hold)
    page.reload(wait_until="domcontentloaded")
    page.get_by_label("Class name").fill("8E early")
    expect(page.get_by_role("button", name="Make class")).to_be_disabled()
    page.wait_for_timeout(300)
    assert held and "?" not in page.url  # still waiting, and nothing was sent
    held[0].continue_()
    page.unroute("**/api/teacher/me")
    expect(page.get_by_role("button", name="Make class")).to_be_enabled()
    page.get_by_role("button", name="Make class").click()
    page.wait_for_url(f"{stack.url}/teacher/classes/*")
    expect(page.locator("#class-name")).to_have_text("8E early")
