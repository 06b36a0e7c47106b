"""The designated safeguarding lead at their desk: a pupil discloses in a
class, and within 15 seconds the DSL has the alert in the school's queue (tab
title, live announcement, desktop notification) and an email from the
school's mail server (a real SMTP server on loopback), with no pupil text in
either. The DSL moves it to seen and acted on, and decides that the class
teacher also sees alerts. axe on every page state."""
from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import expect

from bot.store.account_care import set_disabled
from bot.store.db import session_for
from bot.store.models import SafeguardingAlert
from bot.store.teachers import add_teacher
from tests.browser.desk import make_class, sign_in
from tests.browser.test_teacher import DISCLOSURE, assert_no_pupil_text, pupil_disclosure

WITHIN_SECONDS = 15  # issue 22's target
# Records each desktop notification the page makes (the real one is still shown).
COUNT_NOTIFICATIONS = """
  window.kitNotifications = [];
  const Real = window.Notification;
  window.Notification = class extends Real {
    constructor(title, options) { super(title, options); window.kitNotifications.push([title, options.body]); }
  };
"""


@pytest.fixture
def dsl(stack):
    """A DSL account in the running stack; disabled afterwards, so the other
    browser tests' class teachers see their alerts as in a school without one."""
    email, password = "dsl.browser@school.example", "a long safeguarding lead passphrase"
    database = f"sqlite:///{stack.database}"
    add_teacher(database, email, password, is_dsl=True)
    yield email, password, database
    set_disabled(database, email, True)


def unsent_alerts(database: str) -> int:
    with session_for(database) as session:
        return session.query(SafeguardingAlert).filter(SafeguardingAlert.emailed_at.is_(None)).count()


# `dsl` comes before `new_tab`: fixtures tear down in reverse, so the DSL's tabs
# close before the account is disabled (else the queue's poll gets a 401).
def test_a_dsl_gets_a_class_alert_in_the_queue_and_by_email_within_15_seconds(dsl, new_tab, stack, teacher, mailbox, axe):
    dsl_email, _, database = dsl
    desk = new_tab("teacher")
    sign_in(desk, stack, teacher)
    code = make_class(desk, stack, "7D dsl")
    dashboard = desk.page

    lead = new_tab("dsl")
    queue = sign_in(lead, stack, (dsl_email, dsl[1], None), permissions=["notifications"])
    queue.add_init_script(COUNT_NOTIFICATIONS)
    expect(queue.locator("#dsl-link")).to_be_visible()
    queue.locator("#dsl-link").click()
    queue.wait_for_url(stack.url + "/teacher/alerts")
    expect(queue.locator("#notify-state")).to_have_text("Desktop notifications are on for new alerts.")
    queue.get_by_label("Play a sound when a new alert comes in").check()
    expect(queue.locator("#staff-section")).to_be_visible()
    lead.shot("the school's alert queue")
    assert axe(queue) == []

    deadline = time.monotonic() + 30  # alerts from earlier tests are emailed first, now that there is a DSL
    while unsent_alerts(database) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert unsent_alerts(database) == 0
    emails_before = len(mailbox.to(dsl_email))

    pupil_disclosure(new_tab, stack.url + "/join/" + code)
    told = time.monotonic()  # the pupil has Kit's answer: the alert is recorded

    item = queue.locator("#queue-list li", has_text="Class: 7D dsl")
    expect(item).to_have_count(1, timeout=WITHIN_SECONDS * 1000)
    mail = mailbox.wait_for(dsl_email, WITHIN_SECONDS - (time.monotonic() - told), after=emails_before)
    assert mail.at - told < WITHIN_SECONDS
    expect(item).to_contain_text("A pupil may be being groomed online")
    expect(item).to_contain_text(re.compile(r"Class: 7D dsl \u2013 between \d\d:00 and \d\d:00 on \w{3} \d{1,2} \w{3}\. State: New\."))
    expect(item.locator("details ol li").first).to_contain_text("CEOP")  # what to do next, for grooming
    expect(queue.locator("#queue-status")).to_have_text("New safeguarding alert.")
    assert re.match(r"^\(\d+ new\) Safeguarding alerts", queue.title())
    assert queue.evaluate("window.kitNotifications") == [
        ["Kit: new safeguarding alert", "Open Kit to see what kind of concern it is and what to do next."]]
    assert queue.evaluate("localStorage.getItem('kit.alertSound')") == "on"
    body = mail.message.get_content()
    assert "/teacher/alerts" in body and "7D" not in body and "groom" not in body and DISCLOSURE not in body
    assert_no_pupil_text(queue)
    lead.shot("a new alert in the queue", full_page=True)
    assert axe(queue) == []

    item.get_by_role("button", name="Mark as seen").click()
    expect(item).to_contain_text("State: Seen.")
    expect(item).to_contain_text(f"Seen by {dsl_email} at ")
    item.get_by_role("button", name="Mark as acted on").click()
    expect(item).to_contain_text(f"Acted on by {dsl_email} at ")
    expect(item.get_by_role("button")).to_have_count(0)
    lead.shot("acted on")
    assert axe(queue) == []

    # With a DSL, the class teacher keeps the topic counts and is told where alerts go...
    dashboard.reload()
    expect(dashboard.locator("#alerts-elsewhere")).to_contain_text("designated safeguarding lead")
    expect(dashboard.locator("#alert-list")).to_be_hidden()
    # (topic counts come per finished week, so this week's pupil is not counted yet)
    expect(dashboard.locator("#topics-heading")).to_be_visible()
    expect(dashboard.locator("#period option")).not_to_have_count(0)
    desk.shot("class dashboard: alerts go to the DSL")
    assert axe(dashboard) == []
    # ...until the DSL lets them see their classes' alerts.
    queue.get_by_label(f"{teacher[0]} sees alerts").check()
    expect(queue.locator("#staff-status")).to_have_text(f"{teacher[0]} now sees their classes' alerts.")
    dashboard.reload()
    expect(dashboard.locator("#alert-list li")).to_contain_text("A pupil may be being groomed online")
    expect(dashboard.locator("#alerts-elsewhere")).to_be_hidden()
    queue.get_by_label(f"{teacher[0]} sees alerts").uncheck()  # as it was, for the other tests
    expect(queue.locator("#staff-status")).to_have_text(f"{teacher[0]} no longer sees their classes' alerts.")


def test_a_teacher_changes_their_password_on_the_account_page(new_tab, stack, axe):
    email, old, new = "password.change@school.example", "an old staffroom passphrase", "a new staffroom passphrase"
    add_teacher(f"sqlite:///{stack.database}", email, old)
    desk = new_tab("teacher")
    desk.allow_console_error(r"status of 400 \(Bad Request\)")  # the wrong current password, below
    page = sign_in(desk, stack, (email, old, None))
    page.get_by_role("link", name="Your account").click()
    page.wait_for_url(stack.url + "/teacher/account")
    # The button is enabled once the page knows who is signed in; its colour
    # transition then runs (axe waits for it to end).
    expect(page.get_by_role("button", name="Change password")).to_be_enabled()
    assert axe(page) == []
    page.get_by_label("Current password").fill("not the password at all")
    page.get_by_label("New password", exact=True).fill(new)
    page.get_by_label("New password again").fill(new)
    page.get_by_role("button", name="Change password").click()
    expect(page.locator("#password-error")).to_have_text("Your current password is not right.")
    page.get_by_label("Current password").fill(old)
    page.get_by_role("button", name="Change password").click()
    expect(page.locator("#password-status")).to_have_text(
        "Your password is changed. Other browsers you used are signed out.")
    desk.shot("password changed")
    assert axe(page) == []
    again = new_tab("again")
    sign_in(again, stack, (email, new, None))
