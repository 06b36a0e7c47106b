"""The pupil pictures in the README (docs/screenshots/), each made by a test
that first checks what it shows: the class code box, a first answer with its
routes as links (11-13), a disclosure reply on a phone with its first route in
view, and the 8-10 band's symbols and bigger text. `KIT_DOC_SCREENSHOTS=1`
rewrites the pictures; an ordinary run only checks and shoots to tests/artifacts/."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from bot import paths
from bot.store.classes import CODE_ALPHABET, CODE_LENGTH, create_class
from tests.browser.conftest import DOC_SHOTS, PHONE, TOUCH
from tests.browser.kit import NEW, first_answer, say
from tests.browser.test_pupil_phone import DISCLOSURE, SAFE_HREF, join_link, new_bot_messages

# A question (not a disclosure) whose topic names CEOP first, so its routes include a link.
FIRST_QUESTION = "how do i know if someone online is grooming me"
CODE_BOX, FIRST_ANSWER = "pupil-code-box.png", "pupil-first-answer.png"
PHONE_DISCLOSURE, YOUNGEST = "pupil-phone-disclosure.png", "pupil-young-bigger-text.png"


def route_links(reply):
    links = reply.locator("a.kit-route-link")
    return links.evaluate_all("links => links.map(a => a.getAttribute('href'))")


def test_the_class_code_box_on_the_pupil_page(tab, stack, teacher, axe):
    made = create_class(f"sqlite:///{stack.database}", teacher[2], "Year 7 Oaks", "11-13")
    page = tab.open(stack.url + "/")
    first_answer(page)
    box = page.get_by_label("Got a class code from your teacher? Type it here to join your class:")
    expect(box).to_be_visible()
    hint = page.locator("#kit-class-code-hint").inner_text()
    example = re.fullmatch(r"Eight letters and numbers, like (\w+)\.", hint).group(1)
    assert len(example) == CODE_LENGTH and set(example) <= set(CODE_ALPHABET), hint  # what a teacher's code looks like
    box.fill(made.code)
    expect(page.locator('.kit-choice[data-payload*="age_band"]')).to_have_count(3)  # no code: Kit asks the age
    tab.shot("the class code box, a code typed in", doc=CODE_BOX)
    assert axe(page) == []
    page.get_by_role("button", name="Join class").click()
    page.wait_for_url(f"{stack.url}/join/{made.code}")
    expect(page.locator("#kit-joined")).to_have_text("You joined the class Year 7 Oaks.")


def test_a_first_answer_with_its_routes_as_links(tab, stack, teacher, axe):
    page = tab.open(join_link(stack, teacher, "Year 8 Elms", "11-13"))
    first_answer(page)
    say(page, FIRST_QUESTION)
    reply = page.locator(f"{NEW}.kit-msg-bot")
    expect(reply.first).not_to_contain_text("I believe you")  # a question's answer, not a disclosure's
    # The routes come in a later bubble than the answer: wait for them before reading.
    expect(reply.locator("a.kit-route-link").first).to_be_visible()
    hrefs = route_links(reply)
    # Grooming's first route is CEOP, a web link; "tell an adult you trust" has none.
    assert any("ceop.police.uk" in href for href in hrefs) and all(SAFE_HREF.match(href) for href in hrefs), hrefs
    expect(reply.locator("a.kit-route-link").first).to_be_in_viewport(ratio=1)
    expect(reply.first).to_be_in_viewport()
    tab.shot("a first answer, its routes as links", doc=FIRST_ANSWER)
    assert axe(page) == []


def test_a_disclosure_reply_on_a_phone_shows_the_first_route(tab, stack, teacher, axe):
    page = tab.open(join_link(stack, teacher, "Year 9 Ash", "11-13"), viewport=PHONE, **TOUCH)
    first_answer(page)
    say(page, DISCLOSURE)
    first = new_bot_messages(page).first
    expect(first).to_contain_text("I believe you")
    expect(first).to_be_in_viewport(ratio=1)
    route = page.locator(f"{NEW} .kit-route").first
    expect(route).to_contain_text("Tell an adult you trust")
    expect(route).to_be_in_viewport(ratio=1)
    hrefs = route_links(page.locator(f"{NEW}.kit-msg-bot"))
    assert "tel:08001111" in hrefs and all(SAFE_HREF.match(href) for href in hrefs), hrefs
    tab.shot("a disclosure reply on a phone, the first route in view", doc=PHONE_DISCLOSURE)
    assert axe(page) == []


def test_the_youngest_see_symbols_and_can_have_bigger_text(tab, stack, teacher, axe):
    page = tab.open(join_link(stack, teacher, "Year 4 Birch", "8-10"), viewport=PHONE, **TOUCH)
    first_answer(page)
    before = page.locator(".kit-bubble").first.evaluate("b => parseFloat(getComputedStyle(b).fontSize)")
    page.get_by_role("button", name="Bigger text").click()
    say(page, DISCLOSURE)
    symbols = page.locator(f"{NEW} .kit-symbol")
    expect(symbols.first).to_be_visible()
    expect(symbols.first).to_be_in_viewport(ratio=1)
    assert symbols.count() >= 2
    after = page.locator(".kit-bubble").first.evaluate("b => parseFloat(getComputedStyle(b).fontSize)")
    assert after >= before * 1.2, (before, after)
    expect(page.get_by_role("button", name="Bigger text")).to_have_attribute("aria-pressed", "true")
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    tab.shot("8-10: symbols beside the routes, bigger text", doc=YOUNGEST)
    assert axe(page) == []


def test_the_pictures_are_in_the_tree_and_linked_from_the_readmes_pupil_section():
    readme = (paths.ROOT / "README.md").read_text()
    pupil_section = readme.split("\n## The pupil API\n", 1)[1].split("\n## ", 1)[0]
    for name in (CODE_BOX, FIRST_ANSWER, PHONE_DISCLOSURE, YOUNGEST):
        assert (DOC_SHOTS / name).is_file(), name
        assert f"(docs/screenshots/{name})" in pupil_section, name
