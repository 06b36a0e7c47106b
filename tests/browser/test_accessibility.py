"""WCAG 2.2 AA in practice: keyboard only, focus kept in the panel, visible
focus, phone and whiteboard sizes, reduced motion, and axe-core on every view."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import LAPTOP, PHONE, SMALL_PHONE, TOUCH, WHITEBOARD
from tests.browser.kit import first_answer, message_count, say, step

ACTIVE = "() => document.activeElement"


def school_page(school, stack, name: str, **data) -> str:
    return school.embed(f"/{name}", stack.url + "/widget.js", server=stack.url, **data)


def focused(page, expression: str):
    return page.evaluate(f"() => {{ const a = document.activeElement; return {expression}; }}")


def assert_focus_visible(page) -> None:
    """The focused control shows a ring at least 2px wide (WCAG 2.4.7, 2.4.11)."""
    style = focused(page, "[getComputedStyle(a).outlineStyle, parseFloat(getComputedStyle(a).outlineWidth), a.outerHTML.slice(0, 80)]")
    assert style[0] != "none" and style[1] >= 2, style


def tab_until(page, selector: str, limit: int = 20) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_keyboard_only_journey_with_focus_trap_close_and_escape_to_exit(tab, stack, school, axe):
    page = tab.open(school_page(school, stack, "keys", age_band="11-13", exit_url=school.origin + "/neutral"))
    tab_until(page, ".kit-launcher")
    assert_focus_visible(page)
    tab.shot("launcher focused by keyboard")

    step(page, lambda: page.keyboard.press("Enter"))
    assert focused(page, "a.id") == "kit-input"
    assert page.locator(".kit-launcher").get_attribute("aria-expanded") == "true"
    assert page.locator("#kit-panel").get_attribute("role") == "dialog"
    tab.shot("panel opened with Enter, focus in the input")
    assert axe(page) == []

    # Focus never leaves the open panel, forwards or backwards.
    stops = page.locator("#kit-panel").evaluate(
        "p => p.querySelectorAll('a[href], button:not([disabled]), input, [tabindex=\"0\"]').length"
    )
    for key in ["Tab"] * (stops + 2) + ["Shift+Tab"] * (stops + 2):
        page.keyboard.press(key)
        assert focused(page, "!!a.closest('#kit-panel')"), f"{key} left the panel"
        assert_focus_visible(page)

    # Choose an answer with the keyboard: the group is used up, focus goes to the input.
    page.locator("#kit-input").focus()
    tab_until(page, ".kit-choice")
    chosen = focused(page, "a.textContent")
    step(page, lambda: page.keyboard.press("Enter"))
    assert page.locator(".kit-choice:enabled", has_text=chosen).count() == 0 or chosen == ""
    assert page.locator(".kit-choice-chosen").count() == 1
    assert focused(page, "a.id") == "kit-input"
    tab.shot("answer chosen with the keyboard")

    page.keyboard.type("how do i report someone")
    step(page, lambda: page.keyboard.press("Enter"))
    count = message_count(page)

    tab_until(page, ".kit-close")
    page.keyboard.press("Enter")
    expect(page.locator("#kit-panel")).to_be_hidden()
    assert focused(page, "a.className") == "kit-launcher"
    assert page.locator(".kit-launcher").get_attribute("aria-expanded") == "false"
    tab.shot("Close chat closed the panel, focus back on the launcher")

    page.keyboard.press("Enter")
    expect(page.locator("#kit-panel")).to_be_visible()
    assert message_count(page) == count  # the conversation is still there
    page.keyboard.press("Shift+Tab")
    assert focused(page, "!!a.closest('#kit-panel')")

    # Esc is the quick exit (as on UK support sites), not "close".
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
    step(page, page.locator(".kit-launcher").click)
    page.locator("#kit-panel").evaluate("p => Promise.all(p.getAnimations().map(a => a.finished))")
    box = page.locator("#kit-panel").bounding_box()
    assert box["x"] >= 0 and box["y"] >= 0
    assert box["x"] + box["width"] <= size["width"] and box["y"] + box["height"] <= size["height"], box
    for control in ("#kit-panel .kit-exit", ".kit-clear", ".kit-help", "#kit-input", ".kit-send"):
        expect(page.locator(control)).to_be_in_viewport(ratio=1)
    for control in ("#kit-panel .kit-exit", ".kit-send", ".kit-choice >> nth=0"):
        target = page.locator(control).bounding_box()
        assert target["height"] >= 24 and target["width"] >= 24  # WCAG 2.5.8 target size
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    tab.shot("panel open")
    assert axe(page) == []


def test_on_a_touch_phone_the_on_screen_keyboard_does_not_cover_the_first_answer(tab, stack, school):
    page = tab.open(school_page(school, stack, "touch"), viewport=PHONE, **TOUCH)
    assert page.evaluate("() => matchMedia('(pointer: coarse)').matches")
    step(page, page.locator(".kit-launcher").tap)
    assert focused(page, "a.id") == "kit-log"  # inside the dialog, but not the text box
    step(page, page.locator(".kit-choice").first.tap)
    assert focused(page, "a.id") != "kit-input"
    expect(page.locator(".kit-log .kit-msg").last).to_be_in_viewport()
    tab.shot("touch phone after a button")


def test_the_demo_page_fits_a_phone_and_passes_axe(tab, stack, axe):
    page = tab.open(stack.url + "/", viewport=PHONE)
    first_answer(page)
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    tab.shot("demo page on a phone", full_page=True)
    assert axe(page) == []


def motion(page) -> dict:
    return page.evaluate(
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
    )


def test_reduced_motion_is_respected(tab, stack, school):
    url = school_page(school, stack, "motion", age_band="8-10")
    page = tab.open(url, reduced_motion="reduce")
    step(page, page.locator(".kit-launcher").click)
    assert motion(page) == {"panel": "none", "dot": "none", "scroll": "auto"}
    page = tab.open(url, reduced_motion="no-preference")
    step(page, page.locator(".kit-launcher").click)
    assert motion(page) == {"panel": "kit-rise", "dot": "kit-bounce", "scroll": "smooth"}


def test_used_buttons_and_a_custom_grey_colour_pass_axe(tab, stack, school, axe):
    page = tab.open(school_page(school, stack, "axe-used", age_band="14-18", colour="#7a7a7a"))
    step(page, page.locator(".kit-launcher").click)
    step(page, page.locator(".kit-choice").first.click)
    assert page.locator(".kit-choice:disabled").count() >= 2
    assert page.locator("#kit-input").get_attribute("maxlength") == "1000"
    tab.shot("used buttons in grey")
    assert axe(page) == []


def test_every_control_has_an_accessible_name_and_role(tab, stack, school):
    page = tab.open(school_page(school, stack, "names", age_band="11-13"))
    launcher = page.get_by_role("button", name="Chat with Kit")
    assert launcher.get_attribute("aria-haspopup") == "dialog"
    step(page, launcher.click)
    dialog = page.get_by_role("dialog", name="Kit")
    expect(dialog).to_be_visible()
    for role, name in [
        ("button", "Quick exit"), ("button", "Clear chat"), ("button", "Close chat"), ("button", "Send"),
        ("textbox", "Type your message"), ("log", "Conversation with Kit"),
        ("link", "0800 1111"), ("link", "999"), ("group", "Choose an answer"),
    ]:
        expect(dialog.get_by_role(role, name=name, exact=True)).to_have_count(1)
    # Screen readers hear who said what, though it is shown by position and colour.
    assert dialog.get_by_role("log").inner_text().startswith("Kit said:")
