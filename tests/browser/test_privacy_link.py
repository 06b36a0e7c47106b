"""The widget links to the privacy note on Kit's own server; the note opens
in a new tab, so the chat stays open, and passes axe."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.kit import chat_frame


def test_the_widget_links_to_what_kit_keeps(tab, stack, school, axe):
    page = tab.open(school.embed("/privacy-link", stack.url + "/widget.js", server=stack.url,
                                 position="inline", age_band="8-10"))
    chat = chat_frame(page)
    link = chat.get_by_role("link", name="What Kit keeps")
    expect(link).to_have_attribute("href", stack.url + "/privacy")
    expect(link).to_have_attribute("target", "_blank")
    with page.context.expect_page() as opened:
        link.click()
    note = opened.value
    note.wait_for_load_state()
    expect(note.get_by_role("heading", name="If you are 8 to 10")).to_be_visible()
    assert axe(note) == []
    assert axe(page) == [] and axe(chat) == []
