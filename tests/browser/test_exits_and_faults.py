"""Quick exit, Clear chat, and what a pupil sees when the server is unreachable."""
from __future__ import annotations

from typing import List

from playwright.sync_api import expect

from tests.browser.kit import first_answer, message_count, press, say, session_id, step
from tests.browser.conftest import SMALL_PHONE
from tests.stack import free_port, start_web

OFFLINE = "If you need help now, call Childline free on 0800 1111. If you're in danger, call 999."


def launcher_page(school, stack, name: str, server: str, **data) -> str:
    return school.embed(
        f"/{name}", stack.url + "/widget.js", server=server, age_band="11-13",
        exit_url=school.origin + "/neutral", **data,
    )


def open_panel(page) -> List[str]:
    return step(page, page.locator(".kit-launcher").click)


def test_quick_exit_clears_the_session_and_replaces_the_page(tab, stack, school):
    url = launcher_page(school, stack, "exit", stack.url)
    page = tab.open(school.origin + "/before")
    page.goto(url)
    open_panel(page)
    say(page, "someone keeps sending me mean messages")
    assert session_id(page)
    tab.shot("chatting before quick exit")

    exit_button = page.locator("#kit-panel .kit-exit")
    assert exit_button.is_visible() and exit_button.inner_text() == "Quick exit"
    exit_button.click()
    page.wait_for_url(school.origin + "/neutral")
    tab.shot("after quick exit: the neutral page")
    assert session_id(page) is None
    assert page.evaluate("() => sessionStorage.length") == 0
    # location.replace: Back goes to the page before the chat, not to the chat.
    page.go_back()
    page.wait_for_url(school.origin + "/before")
    tab.shot("back button skips the chat page")


def test_esc_leaves_at_once_from_an_inline_chat_and_forgets_everything(tab, stack, school):
    url = launcher_page(school, stack, "esc-inline", stack.url, position="inline")
    page = tab.open(school.origin + "/before")
    page.goto(url)
    first_answer(page)
    page.get_by_role("button", name="Bigger text").click()
    say(page, "someone keeps sending me mean messages")
    assert session_id(page)
    exit_button = page.locator("#kit-panel .kit-exit")
    assert exit_button.get_attribute("aria-keyshortcuts") == "Escape" and "Esc" in exit_button.get_attribute("title")
    page.locator("#kit-input").fill("half a message")
    page.keyboard.press("Escape")
    page.wait_for_url(school.origin + "/neutral")
    assert page.evaluate("() => sessionStorage.length") == 0
    page.go_back()
    page.wait_for_url(school.origin + "/before")


def test_esc_leaves_a_launcher_page_once_a_chat_exists_even_with_the_panel_closed(tab, stack, school):
    page = tab.open(launcher_page(school, stack, "esc-launcher", stack.url))
    page.keyboard.press("Escape")  # no chat yet: the school page keeps its Esc
    page.wait_for_timeout(300)
    assert page.url.endswith("/esc-launcher")
    open_panel(page)
    say(page, "how do i block someone")
    page.get_by_role("button", name="Close chat").click()
    page.locator("h1").click()
    page.keyboard.press("Escape")
    page.wait_for_url(school.origin + "/neutral")
    assert session_id(page) is None


def test_quick_exit_is_visible_before_the_panel_is_even_opened_inline(tab, stack):
    page = tab.open(stack.url + "/")
    assert page.locator("#kit-panel .kit-exit").is_visible()
    assert page.locator(".kit-help").is_visible()


def test_clear_chat_empties_the_log_and_starts_a_new_session(tab, stack, school):
    page = tab.open(launcher_page(school, stack, "clear", stack.url))
    open_panel(page)
    say(page, "how do i block someone")
    first = session_id(page)
    assert message_count(page) >= 3
    press(page, page.locator(".kit-clear"))
    texts = page.locator(".kit-log .kit-msg").all_inner_texts()
    assert "Chat cleared" in texts[0] and not any("block someone" in t for t in texts), texts
    assert session_id(page) and session_id(page) != first
    assert page.evaluate("() => document.activeElement.id") == "kit-input"
    tab.shot("chat cleared")


def test_with_the_server_gone_the_help_strip_and_retry_show_and_retry_works(tab, stack, school, relay):
    tab.allow_console_error(r"Failed to load resource: net::ERR_(CONNECTION_REFUSED|CONNECTION_RESET|EMPTY_RESPONSE)")
    page = tab.open(launcher_page(school, stack, "relay", relay.url))
    open_panel(page)
    tab.shot("chatting through the relay")

    relay.stop()
    say(page, "how do i report a fake account")
    error = page.locator(".kit-msg-error").last
    assert OFFLINE in error.inner_text()
    assert page.locator(".kit-help").is_visible() and "0800 1111" in page.locator(".kit-help").inner_text()
    retry = error.locator(".kit-retry")
    assert retry.is_enabled()
    expect(retry).to_be_in_viewport()  # the log scrolled down to it
    tab.shot("server gone: help strip and retry")

    relay.start()
    answer = press(page, retry)
    assert retry.is_disabled()
    assert answer and "report" in answer[0].lower(), answer
    tab.shot("retry after the server came back")


def test_a_server_that_never_answers_still_leaves_the_help_strip(tab, stack, school, axe):
    tab.allow_console_error(r"Failed to load resource: net::ERR_CONNECTION_REFUSED")
    dead = f"http://127.0.0.1:{free_port()}"
    page = tab.open(launcher_page(school, stack, "dead", dead))
    open_panel(page)
    assert OFFLINE in page.locator(".kit-msg-error").inner_text()
    assert page.locator(".kit-help").is_visible()
    assert page.locator("#kit-panel .kit-exit").is_visible()
    tab.shot("server unreachable from the start")
    assert axe(page) == []
    again = press(page, page.locator(".kit-retry"))
    assert len(again) == 1 and OFFLINE in again[0]
    assert page.locator(".kit-retry:enabled").count() == 1 and page.locator(".kit-retry:disabled").count() == 1


def test_quick_exit_stays_in_sight_beside_the_launcher_once_a_chat_exists(tab, stack, school):
    page = tab.open(launcher_page(school, stack, "dock", stack.url), viewport=SMALL_PHONE)
    docked = page.locator(".kit-dock-exit")
    expect(docked).to_be_hidden()  # nothing to hide yet
    open_panel(page)
    say(page, "someone keeps sending me mean messages")
    page.get_by_role("button", name="Close chat").click()
    for control in (docked, page.locator(".kit-launcher")):
        expect(control).to_be_in_viewport(ratio=1)
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    tab.shot("panel closed: quick exit beside the launcher")
    page.reload()
    expect(docked).to_be_visible()  # the chat is still in this tab's session
    docked.click()
    page.wait_for_url(school.origin + "/neutral")
    assert session_id(page) is None


def test_the_help_strip_and_offline_note_use_the_deployments_own_numbers(tab, tmp_path):
    """An Australian deployment (KIT_LOCALE=au): Kids Helpline and 000, not
    Childline and 999, in the text the widget carries for when Kit is down.
    The web app runs alone here, so Rasa is unreachable too."""
    web = start_web(tmp_path, {"KIT_LOCALE": "au"})
    try:
        page = tab.open(web.url + "/")
        strip = page.locator(".kit-help")
        expect(strip).to_contain_text("Call Kids Helpline on 1800 55 1800")
        expect(strip).to_contain_text("In danger? Call 000.")
        assert "Childline" not in strip.inner_text() and "999" not in strip.inner_text()
        links = strip.locator("a")
        assert [links.nth(i).get_attribute("href") for i in range(links.count())] == ["tel:1800551800", "tel:000"]
        tab.shot("help strip of an Australian deployment")
    finally:
        web.stop()
