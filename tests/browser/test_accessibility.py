"""WCAG 2.2 AA in practice: keyboard only, focus kept in the panel, visible
focus, phone and whiteboard sizes, reduced motion, and axe-core on every view."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import LAPTOP, PHONE, SMALL_PHONE, TOUCH, WHITEBOARD
from tests.browser.kit import chat_frame, first_answer, message_count, say, step

ACTIVE = "() => document.activeElement"


def school_page(school, stack, name: str, **data) -> str:
    return school.embed(f"/{name}", stack.url + "/widget.js", server=stack.url, **data)


def focused(page, expression: str):
    return page.evaluate(f"() => {{ const a = document.activeElement; return {expression}; }}")


def assert_focus_visible(page) -> None:
    """The focused control shows a ring at least 2px wide (WCAG 2.4.7, 2.4.11)."""
    style = focused(page, "[getComputedStyle(a).outlineStyle, parseFloat(getComputedStyle(a).outlineWidth), a.outerHTML.slice(0, 80)]")
    assert style[0] != "none" and style[1] >= 2, style


def tab_until(page, selector: str, limit: int = 20, where=None) -> None:
    """Presses Tab on the page until the focus is on `selector` in `where` (the page, or the chat frame)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if (where or page).evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_keyboard_only_journey_with_focus_trap_close_and_escape_to_exit(tab, stack, school, axe):
    page = tab.open(school_page(school, stack, "keys", age_band="11-13", exit_url=school.origin + "/neutral"))
    chat = chat_frame(page)
    tab_until(page, ".kit-launcher")
    assert_focus_visible(page)
    tab.shot("launcher focused by keyboard")

    step(chat, lambda: page.keyboard.press("Enter"))
    assert focused(chat, "a.id") == "kit-input"
    assert page.locator(".kit-launcher").get_attribute("aria-expanded") == "true"
    assert chat.locator("#kit-panel").get_attribute("role") == "dialog"
    tab.shot("panel opened with Enter, focus in the input")
    assert axe(page) == [] and axe(chat) == []

    # Focus never leaves the open panel, forwards or backwards.
    stops = chat.locator("#kit-panel").evaluate(
        "p => p.querySelectorAll('a[href], button:not([disabled]), input, [tabindex=\"0\"]').length"
    )
    for key in ["Tab"] * (stops + 2) + ["Shift+Tab"] * (stops + 2):
        page.keyboard.press(key)
        assert focused(page, "a.id") == "kit-frame", f"{key} left the chat frame"
        assert focused(chat, "!!a.closest('#kit-panel')"), f"{key} left the panel"
        assert_focus_visible(chat)

    # Choose an answer with the keyboard: the group is used up, focus goes to the input.
    chat.locator("#kit-input").focus()
    tab_until(page, ".kit-choice", where=chat)
    chosen = focused(chat, "a.textContent")
    step(chat, lambda: page.keyboard.press("Enter"))
    assert chat.locator(".kit-choice:enabled", has_text=chosen).count() == 0 or chosen == ""
    assert chat.locator(".kit-choice-chosen").count() == 1
    assert focused(chat, "a.id") == "kit-input"
    tab.shot("answer chosen with the keyboard")

    page.keyboard.type("how do i report someone")
    step(chat, lambda: page.keyboard.press("Enter"))
    count = message_count(chat)

    tab_until(page, ".kit-close", where=chat)
    page.keyboard.press("Enter")
    expect(page.locator("#kit-frame")).to_be_hidden()
    assert focused(page, "a.className") == "kit-launcher"
    assert page.locator(".kit-launcher").get_attribute("aria-expanded") == "false"
    tab.shot("Close chat closed the panel, focus back on the launcher")

    page.keyboard.press("Enter")
    expect(page.locator("#kit-frame")).to_be_visible()
    assert message_count(chat) == count  # the conversation is still there
    page.keyboard.press("Shift+Tab")
    assert focused(chat, "!!a.closest('#kit-panel')")

    # Esc is the quick exit (as on UK support sites), not "close": it leaves the whole page.
    page.keyboard.press("Escape")
    page.wait_for_url(school.origin + "/neutral")
    assert page.evaluate("() => sessionStorage.length") == 0


@pytest.mark.parametrize(
    "size", [SMALL_PHONE, PHONE, LAPTOP, WHITEBOARD], ids=["small-phone", "phone", "laptop", "whiteboard"]
)
def test_the_open_panel_fits_the_screen(tab, stack, school, axe, size):
    page = tab.open(school_page(school, stack, "size", colour="#ffdd00", position="left"), viewport=size)
    tab.shot("launcher")
    launcher = page.locator(".kit-launcher").bounding_box()
    assert launcher["x"] + launcher["width"] / 2 < size["width"] / 2  # data-position="left"
    assert launcher["y"] + launcher["height"] <= size["height"]
    chat = chat_frame(page)
    step(chat, page.locator(".kit-launcher").click)
    page.locator("#kit-frame").evaluate("f => Promise.all(f.getAnimations().map(a => a.finished))")
    for box in (page.locator("#kit-frame").bounding_box(), chat.locator("#kit-panel").bounding_box()):
        assert box["x"] >= 0 and box["y"] >= 0
        assert box["x"] + box["width"] <= size["width"] + 0.5 and box["y"] + box["height"] <= size["height"] + 0.5, box
    for control in ("#kit-panel .kit-exit", ".kit-clear", ".kit-help", "#kit-input", ".kit-send"):
        expect(chat.locator(control)).to_be_in_viewport(ratio=1)
    for control in ("#kit-panel .kit-exit", ".kit-send", ".kit-choice >> nth=0"):
        target = chat.locator(control).bounding_box()
        assert target["height"] >= 24 and target["width"] >= 24  # WCAG 2.5.8 target size
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    assert chat.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    tab.shot("panel open")
    assert axe(page) == [] and axe(chat) == []


def test_on_a_touch_phone_the_on_screen_keyboard_does_not_cover_the_first_answer(tab, stack, school):
    page = tab.open(school_page(school, stack, "touch"), viewport=PHONE, **TOUCH)
    chat = chat_frame(page)
    assert chat.evaluate("() => matchMedia('(pointer: coarse)').matches")
    step(chat, page.locator(".kit-launcher").tap)
    assert focused(chat, "a.id") == "kit-log"  # inside the dialog, but not the text box
    step(chat, chat.locator(".kit-choice").first.tap)
    assert focused(chat, "a.id") != "kit-input"
    expect(chat.locator(".kit-log .kit-msg").last).to_be_in_viewport()
    tab.shot("touch phone after a button")


def test_the_demo_page_fits_a_phone_and_passes_axe(tab, stack, axe):
    page = tab.open(stack.url + "/", viewport=PHONE)
    first_answer(page)
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    tab.shot("demo page on a phone", full_page=True)
    assert axe(page) == []


def motion(page, chat) -> dict:
    frame = page.evaluate("() => getComputedStyle(document.querySelector('#kit-frame')).animationName")
    return dict(frame=frame, **chat.evaluate(
        """() => {
            const dot = document.createElement('span');
            dot.className = 'kit-dot';
            document.querySelector('.kit-dots, .kit-typing').appendChild(dot);
            const result = {
                panel: getComputedStyle(document.querySelector('#kit-panel')).animationName,
                dot: getComputedStyle(dot).animationName,
                scroll: getComputedStyle(document.querySelector('#kit-log')).scrollBehavior,
            };
            dot.remove();
            return result;
        }"""
    ))


def test_reduced_motion_is_respected(tab, stack, school):
    url = school_page(school, stack, "motion", age_band="8-10")
    page = tab.open(url, reduced_motion="reduce")
    chat = chat_frame(page)
    step(chat, page.locator(".kit-launcher").click)
    assert motion(page, chat) == {"frame": "none", "panel": "none", "dot": "none", "scroll": "auto"}
    page = tab.open(url, reduced_motion="no-preference")
    chat = chat_frame(page)
    step(chat, page.locator(".kit-launcher").click)
    # The frame rises into view on the school page; the panel inside it does not rise again.
    assert motion(page, chat) == {"frame": "kit-rise", "panel": "none", "dot": "kit-bounce", "scroll": "smooth"}


def test_used_buttons_and_a_custom_grey_colour_pass_axe(tab, stack, school, axe):
    page = tab.open(school_page(school, stack, "axe-used", age_band="14-18", colour="#7a7a7a"))
    chat = chat_frame(page)
    step(chat, page.locator(".kit-launcher").click)
    step(chat, chat.locator(".kit-choice").first.click)
    assert chat.locator(".kit-choice:disabled").count() >= 2
    assert chat.locator("#kit-input").get_attribute("maxlength") == "1000"
    tab.shot("used buttons in grey")
    assert axe(page) == [] and axe(chat) == []


def test_every_control_has_an_accessible_name_and_role(tab, stack, school):
    page = tab.open(school_page(school, stack, "names", age_band="11-13"))
    chat = chat_frame(page)
    launcher = page.get_by_role("button", name="Chat with Kit")
    assert launcher.get_attribute("aria-haspopup") == "dialog"
    expect(page.locator("iframe#kit-frame")).to_have_attribute("title", "Kit online safety chat")
    step(chat, launcher.click)
    dialog = chat.get_by_role("dialog", name="Kit")
    expect(dialog).to_be_visible()
    for role, name in [
        ("button", "Quick exit"), ("button", "Clear chat"), ("button", "Close chat"), ("button", "Send"),
        ("textbox", "Type your message"), ("log", "Conversation with Kit"),
        ("link", "0800 1111"), ("link", "999"), ("group", "Choose an answer"),
    ]:
        expect(dialog.get_by_role(role, name=name, exact=True)).to_have_count(1)
    # Screen readers hear who said what, though it is shown by position and colour.
    assert dialog.get_by_role("log").inner_text().startswith("Kit said:")
