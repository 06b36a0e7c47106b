"""Quick exit, Clear chat, and what a pupil sees when the server is unreachable."""
from __future__ import annotations

from typing import List

from playwright.sync_api import expect

from tests.browser.kit import chat_frame, first_answer, message_count, press, say, session_id, step
from tests.browser.conftest import SMALL_PHONE
from tests.stack import free_port, start_web

OFFLINE = "If you need help now, call Childline free on 0800 1111. If you're in danger, call 999."
NOT_STARTED = "Kit's chat can't open here right now. " + OFFLINE


def launcher_page(school, stack, name: str, server: str, **data) -> str:
    return school.embed(
        f"/{name}", stack.url + "/widget.js", server=server, age_band="11-13",
        exit_url=school.origin + "/neutral", **data,
    )


def open_panel(page):
    """Opens the launcher's chat; returns the frame it runs in, once Kit has spoken."""
    chat = chat_frame(page)
    step(chat, page.locator(".kit-launcher").click)
    return chat


def assert_forgotten(page, school, path: str, old_session: str) -> None:
    """Back on the school page, the chat starts afresh: Kit's frame kept neither
    the session nor Bigger text (an inline chat may start a new session at once)."""
    page.goto(school.origin + path)
    chat = chat_frame(page)
    assert session_id(chat) != old_session and chat.evaluate("() => sessionStorage.getItem('kit.largeText')") is None
    assert "Welcome back" not in chat.locator(".kit-log").inner_text()


def test_quick_exit_clears_the_session_and_replaces_the_page(tab, stack, school):
    url = launcher_page(school, stack, "exit", stack.url)
    page = tab.open(school.origin + "/before")
    page.goto(url)
    chat = open_panel(page)
    say(chat, "someone keeps sending me mean messages")
    old = session_id(chat)
    assert old
    tab.shot("chatting before quick exit")

    exit_button = chat.locator("#kit-panel .kit-exit")
    assert exit_button.is_visible() and exit_button.inner_text() == "Quick exit"
    exit_button.click()
    page.wait_for_url(school.origin + "/neutral")  # the whole page left, not only the frame
    tab.shot("after quick exit: the neutral page")
    assert page.evaluate("() => sessionStorage.length") == 0
    # location.replace: Back goes to the page before the chat, not to the chat.
    page.go_back()
    page.wait_for_url(school.origin + "/before")
    tab.shot("back button skips the chat page")
    assert_forgotten(page, school, "/exit", old)


def test_esc_leaves_at_once_from_an_inline_chat_and_forgets_everything(tab, stack, school):
    url = launcher_page(school, stack, "esc-inline", stack.url, position="inline")
    page = tab.open(school.origin + "/before")
    page.goto(url)
    chat = chat_frame(page)
    first_answer(chat)
    chat.get_by_role("button", name="Bigger text").click()
    say(chat, "someone keeps sending me mean messages")
    old = session_id(chat)
    assert old
    exit_button = chat.locator("#kit-panel .kit-exit")
    assert exit_button.get_attribute("aria-keyshortcuts") == "Escape" and "Esc" in exit_button.get_attribute("title")
    chat.locator("#kit-input").fill("half a message")
    page.keyboard.press("Escape")  # focus is in the frame: Esc works there too
    page.wait_for_url(school.origin + "/neutral")
    assert page.evaluate("() => sessionStorage.length") == 0
    page.go_back()
    page.wait_for_url(school.origin + "/before")
    assert_forgotten(page, school, "/esc-inline", old)


def test_esc_leaves_a_launcher_page_once_a_chat_exists_even_with_the_panel_closed(tab, stack, school):
    page = tab.open(launcher_page(school, stack, "esc-launcher", stack.url))
    page.keyboard.press("Escape")  # no chat yet: the school page keeps its Esc
    page.wait_for_timeout(300)
    assert page.url.endswith("/esc-launcher")
    chat = open_panel(page)
    say(chat, "how do i block someone")
    old = session_id(chat)
    chat.get_by_role("button", name="Close chat").click()
    page.locator("h1").click()
    page.keyboard.press("Escape")  # on the school page itself
    page.wait_for_url(school.origin + "/neutral")
    assert_forgotten(page, school, "/esc-launcher", old)


def test_quick_exit_is_visible_before_the_panel_is_even_opened_inline(tab, stack):
    page = tab.open(stack.url + "/")
    assert page.locator("#kit-panel .kit-exit").is_visible()
    assert page.locator(".kit-help").is_visible()


def test_clear_chat_empties_the_log_and_starts_a_new_session(tab, stack, school):
    page = tab.open(launcher_page(school, stack, "clear", stack.url))
    chat = open_panel(page)
    say(chat, "how do i block someone")
    first = session_id(chat)
    assert message_count(chat) >= 3
    press(chat, chat.locator(".kit-clear"))
    texts = chat.locator(".kit-log .kit-msg").all_inner_texts()
    assert "Chat cleared" in texts[0] and not any("block someone" in t for t in texts), texts
    assert session_id(chat) and session_id(chat) != first
    assert chat.evaluate("() => document.activeElement.id") == "kit-input"
    tab.shot("chat cleared")


def test_with_the_server_gone_the_help_strip_and_retry_show_and_retry_works(tab, stack, school, relay):
    tab.allow_console_error(r"Failed to load resource: net::ERR_(CONNECTION_REFUSED|CONNECTION_RESET|EMPTY_RESPONSE)")
    page = tab.open(launcher_page(school, stack, "relay", relay.url))
    chat = open_panel(page)
    tab.shot("chatting through the relay")

    relay.stop()
    say(chat, "how do i report a fake account")
    error = chat.locator(".kit-msg-error").last
    assert OFFLINE in error.inner_text()
    assert chat.locator(".kit-help").is_visible() and "0800 1111" in chat.locator(".kit-help").inner_text()
    retry = error.locator(".kit-retry")
    assert retry.is_enabled()
    expect(retry).to_be_in_viewport()  # the log scrolled down to it
    tab.shot("server gone: help strip and retry")

    relay.start()
    answer = press(chat, retry)
    assert retry.is_disabled()
    assert answer and "report" in answer[0].lower(), answer
    tab.shot("retry after the server came back")


def test_a_server_that_never_answers_still_leaves_the_help_strip(tab, stack, school, axe):
    """widget.js from the browser's cache, Kit gone: the chat frame cannot load,
    so the school page's script shows the help strip and Quick exit itself."""
    tab.allow_console_error(r"Failed to load resource: net::ERR_CONNECTION_REFUSED")
    dead = f"http://127.0.0.1:{free_port()}"
    page = tab.open(launcher_page(school, stack, "dead", dead))
    page.locator(".kit-launcher").click()
    note = page.locator(".kit-fallback")
    expect(note).to_be_visible(timeout=30_000)
    assert NOT_STARTED in note.inner_text() and "internet" not in note.inner_text()
    assert note.locator(".kit-help").is_visible() and "0800 1111" in note.locator(".kit-help").inner_text()
    tab.shot("server unreachable from the start")
    assert axe(page) == []
    note.locator(".kit-exit").click()
    page.wait_for_url(school.origin + "/neutral")


def test_quick_exit_stays_in_sight_beside_the_launcher_once_a_chat_exists(tab, stack, school):
    page = tab.open(launcher_page(school, stack, "dock", stack.url), viewport=SMALL_PHONE)
    docked = page.locator(".kit-dock-exit")
    expect(docked).to_be_hidden()  # nothing to hide yet
    chat = open_panel(page)
    say(chat, "someone keeps sending me mean messages")
    old = session_id(chat)
    chat.get_by_role("button", name="Close chat").click()
    for control in (docked, page.locator(".kit-launcher")):
        expect(control).to_be_in_viewport(ratio=1)
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    tab.shot("panel closed: quick exit beside the launcher")
    page.reload()
    expect(docked).to_be_visible()  # the chat is still in this tab's session
    docked.click()
    page.wait_for_url(school.origin + "/neutral")
    assert_forgotten(page, school, "/dock", old)


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
