"""A pupil on a phone (375x667): the chat fills the screen, a reply shows from
its first bubble, routes are links, spent menus are plain text, the class
code box, and read aloud, bigger text and symbols for the youngest."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from bot.store.classes import create_class
from bot.store.scenario_store import start_class_scenario
from tests.browser.conftest import PHONE, TOUCH
from tests.browser.kit import NEW, chat_frame, first_answer, press, say, step

DISCLOSURE = "someone online is making me send pictures and I'm scared"
SAFE_HREF = re.compile(r"^(tel:\+?\d{2,15}|sms:\d{5,6}\?&body=[A-Z]+|https://[a-z0-9.-]+\.[a-z]{2,}(/[\w./-]*)?)$")
# Records what "Read this to me" asks the browser's speech synthesis to say
# (the device's speech engine is the outside boundary; nothing is spoken).
RECORD_SPEECH = """() => {
    window.__spoken = [];
    window.speechSynthesis.speak = (utterance) => window.__spoken.push(utterance.text);
}"""


def join_link(stack, teacher, name: str, band: str = "8-10", story: str = "") -> str:
    made = create_class(f"sqlite:///{stack.database}", teacher[2], name, band)
    if story:
        start_class_scenario(f"sqlite:///{stack.database}", made.id, story)
    return f"{stack.url}/join/{made.code}"


def new_bot_messages(page):
    return page.locator(f"{NEW}.kit-msg-bot")


def assert_fills_the_screen(page) -> None:
    box = page.locator("#kit-panel").bounding_box()
    assert abs(box["y"]) <= 1 and box["height"] == PHONE["height"] and box["width"] >= PHONE["width"] - 2, box


@pytest.mark.parametrize("where, band", [("join", "8-10"), ("demo", "11-13"), ("demo", "14-18"), ("launcher", "11-13")])
def test_on_a_phone_a_disclosure_reply_shows_its_first_bubble_and_first_route(
        tab, stack, teacher, school, axe, where, band):
    url = {
        "demo": stack.url + "/",
        "join": join_link(stack, teacher, "Phone class", band),
        "launcher": school.embed("/phone", stack.url + "/widget.js", server=stack.url, age_band=band),
    }[where]
    page = host = tab.open(url, viewport=PHONE, **TOUCH)
    if where == "launcher":
        page = chat_frame(host)  # on a school's page the chat is in Kit's frame
        step(page, host.locator(".kit-launcher").tap)
    first_answer(page)
    if where == "demo":
        press(page, page.locator(f'.kit-choice[data-payload*="{band}"]'))
    say(page, DISCLOSURE)
    tab.shot(f"{where} page, {band}: disclosure reply from its first bubble")
    first = new_bot_messages(page).first
    expect(first).to_contain_text("I believe you")
    expect(first).to_be_in_viewport(ratio=1)
    first_route = page.locator(f"{NEW} .kit-route").first
    expect(first_route).to_be_in_viewport(ratio=1)
    assert_fills_the_screen(page)
    assert axe(page) == [] and axe(host) == []


def test_routes_are_links_with_safe_addresses_and_web_links_say_they_open_a_new_tab(tab, stack, axe):
    page = tab.open(stack.url + "/")
    first_answer(page)
    press(page, page.locator('.kit-choice[data-payload*="14-18"]'))
    say(page, DISCLOSURE)
    links = page.locator(f"{NEW} a.kit-route-link")
    hrefs = links.evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert {"tel:08001111", "https://www.ceop.police.uk/Safety-Centre"} <= set(hrefs), hrefs
    assert all(SAFE_HREF.match(href) for href in hrefs), hrefs
    for i in range(links.count()):
        link = links.nth(i)
        if link.get_attribute("href").startswith("https:"):
            assert link.get_attribute("target") == "_blank"
            assert "noopener" in link.get_attribute("rel").split()
            expect(link).to_have_accessible_name(re.compile(r"\(opens in a new tab\)$"))
        else:
            assert link.get_attribute("target") is None
    phone = page.get_by_role("link", name="0800 1111", exact=True).last
    expect(phone).to_have_attribute("href", "tel:08001111")
    tab.shot("routes as links")
    assert axe(page) == []


def test_a_menu_is_spent_once_the_pupil_types_or_presses_inert_plain_text(tab, stack):
    page = tab.open(stack.url + "/")
    first_answer(page)
    press(page, page.locator('.kit-choice[data-payload*="11-13"]'))
    menu = page.locator(".kit-choices").nth(page.locator(".kit-choices").count() - 1)
    assert menu.locator("button:enabled").count() >= 10  # the topics menu, live
    say(page, "how do i make my account private")
    assert "kit-choices-spent" in menu.get_attribute("class")
    assert menu.get_attribute("inert") is not None
    assert menu.locator("button:enabled").count() == 0
    # Neither pressable (a forced click sends nothing) nor in the Tab order.
    count = page.locator(".kit-log .kit-msg").count()
    menu.locator("button").first.click(force=True)
    page.wait_for_timeout(500)
    assert page.locator(".kit-log .kit-msg").count() == count
    page.locator("#kit-input").focus()
    for _ in range(40):
        page.keyboard.press("Shift+Tab")
        assert not page.evaluate("() => !!document.activeElement.closest('.kit-choices-spent')")
    # Looks like text, not a button: no border, no padding.
    style = menu.locator("button").first.evaluate(
        "b => [getComputedStyle(b).borderTopColor, getComputedStyle(b).paddingLeft]")
    assert style == ["rgba(0, 0, 0, 0)", "0px"], style
    tab.shot("the earlier menus are plain text")


def test_the_code_box_joins_a_class_and_the_page_names_it(tab, stack, teacher, axe):
    made = create_class(f"sqlite:///{stack.database}", teacher[2], "Year 4 Willow", "8-10")
    page = tab.open(stack.url + "/", viewport=PHONE)
    first_answer(page)
    box = page.get_by_label("Got a class code from your teacher? Type it here to join your class:")
    box.fill(made.code.lower())
    page.get_by_role("button", name="Join class").click()
    page.wait_for_url(f"{stack.url}/join/{made.code}")
    first_answer(page)
    expect(page.locator("#kit-joined")).to_have_text("You joined the class Year 4 Willow.")
    expect(page.locator("main")).not_to_contain_text("Kit starts by asking how old you are")
    expect(page.locator('.kit-choice[data-payload*="age_band"]')).to_have_count(0)
    tab.shot("joined by typing the code")
    assert axe(page) == []


def test_a_teachers_story_offer_is_seen_when_the_pupil_reaches_the_chat(tab, stack, teacher):
    page = tab.open(join_link(stack, teacher, "Story class", story="who_to_tell"), viewport=PHONE, **TOUCH)
    first_answer(page)
    page.locator("#kit-panel").scroll_into_view_if_needed()
    offer = page.locator(".kit-msg-bot", has_text="Your teacher has started a story")
    expect(offer).to_be_in_viewport(ratio=1)
    expect(offer.locator(".kit-choice").first).to_be_in_viewport(ratio=1)
    tab.shot("the story offer in view")


def test_read_aloud_bigger_text_and_symbols_for_the_youngest(tab, stack, teacher, axe):
    page = tab.open(join_link(stack, teacher, "Read aloud class"), viewport=PHONE)
    page.evaluate(RECORD_SPEECH)
    first_answer(page)
    say(page, DISCLOSURE)
    read = new_bot_messages(page).first.get_by_role("button", name="Read this to me")
    expect(read).to_be_in_viewport(ratio=1)
    read.click()
    spoken = page.evaluate("() => window.__spoken")
    assert len(spoken) == 1 and "I believe you" in spoken[0] and "0800 1111" in spoken[0], spoken
    assert "\u2022" not in spoken[0] and "Kit said" not in spoken[0]

    symbol = page.locator(f"{NEW} .kit-symbol").first
    expect(symbol).to_be_visible()
    assert symbol.get_attribute("aria-hidden") == "true"

    before = page.locator(".kit-bubble").first.evaluate("b => parseFloat(getComputedStyle(b).fontSize)")
    bigger = page.get_by_role("button", name="Bigger text")
    bigger.click()
    expect(bigger).to_have_attribute("aria-pressed", "true")
    after = page.locator(".kit-bubble").first.evaluate("b => parseFloat(getComputedStyle(b).fontSize)")
    assert after >= before * 1.2, (before, after)
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    tab.shot("bigger text, symbols beside the main routes")
    assert axe(page) == []
    page.reload()
    expect(page.get_by_role("button", name="Bigger text")).to_have_attribute("aria-pressed", "true")


def test_older_pupils_see_no_symbols(tab, stack):
    page = tab.open(stack.url + "/")
    first_answer(page)
    press(page, page.locator('.kit-choice[data-payload*="11-13"]'))
    say(page, DISCLOSURE)
    assert page.locator(f"{NEW} .kit-symbol").count() >= 1
    expect(page.locator(f"{NEW} .kit-symbol").first).to_be_hidden()
