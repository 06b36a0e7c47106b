"""Routes in replies come with their links: tel:, sms: and https: addresses
from the route files, listed beside the unchanged text (bot/web/reply_links)."""
from __future__ import annotations

import re

import pytest

from bot import paths
from bot.routes import available_locales, load_routes, render_routes
from bot.web.reply_links import SAFE_HREF, SYMBOLS, links_in, route_lines, with_links

DISCLOSURE = "someone online is making me send pictures and I'm scared"


@pytest.mark.parametrize("locale", available_locales())
@pytest.mark.parametrize("band", ["8-10", "11-13", "14-18"])
def test_every_phone_number_and_web_address_of_every_route_is_a_safe_link(locale, band):
    ids = list(load_routes(locale))
    text = render_routes(ids, band, locale)
    links = links_in(text, locale)
    assert links and all(SAFE_HREF.match(link["href"]) for link in links)
    assert all(link["text"] in text for link in links)
    linked = {link["text"] for link in links}
    for route_id in ids:
        route = load_routes(locale)[route_id]
        if route.get("phone") and route["phone"] in text:
            assert route["phone"] in linked, (route_id, route["phone"])


def test_phone_numbers_are_tel_links_and_a_text_service_an_sms_link():
    text = render_routes(["police_999", "childline", "shout", "ceop", "report_remove"], "14-18", "uk")
    hrefs = {link["text"]: link["href"] for link in links_in(text, "uk")}
    assert hrefs["999"] == "tel:999" and hrefs["0800 1111"] == "tel:08001111"
    assert hrefs["85258"] == "sms:85258?&body=SHOUT"
    assert hrefs["childline.org.uk"] == "https://www.childline.org.uk"
    assert hrefs["childline.org.uk/remove"] == "https://www.childline.org.uk/remove"
    assert hrefs["ceop.police.uk/Safety-Centre"] == "https://www.ceop.police.uk/Safety-Centre"


@pytest.mark.parametrize("text", [
    "It costs 1,000 or 1999 points.", "Email jo@samaritans.org.", "Go to evilchildline.org.uk now.",
    "Call 0800 11112.",
])
def test_lookalikes_inside_other_numbers_words_or_addresses_are_not_links(text):
    assert links_in(text, "uk") == []


def test_route_lines_name_their_route_and_the_main_ones_carry_a_symbol():
    text = "Here is help:\n" + render_routes(["childline", "trusted_adult", "report_remove"], "11-13", "uk")
    lines = route_lines(text, "uk")
    assert [(line["line"], line["route"]) for line in lines] == [(1, "childline"), (2, "trusted_adult"), (3, "report_remove")]
    assert lines[0]["symbol"] and lines[1]["symbol"] and "symbol" not in lines[2]


def test_the_widget_draws_every_symbol_the_server_names():
    widget = (paths.WEB / "widget.js").read_text(encoding="utf-8")
    drawn = widget[widget.index("var SYMBOLS = {"):]
    drawn = set(re.findall(r"^\s{4}(\w+):", drawn[:drawn.index("};")], re.M))
    assert set(SYMBOLS.values()) == drawn


def test_replies_without_routes_stay_as_they_were():
    replies = [{"text": "Hello!", "buttons": [{"title": "Gaming", "payload": "/gaming"}]}]
    assert with_links(replies, "uk") == replies


def test_a_disclosure_reply_through_the_api_carries_links_beside_its_unchanged_text(stack):
    session, _ = stack.start_session("11-13")
    status, body = stack.chat(session, DISCLOSURE)
    assert status == 200
    links = [link for reply in body["replies"] for link in reply.get("links", [])]
    hrefs = {link["href"] for link in links}
    assert {"tel:08001111", "https://www.ceop.police.uk"} <= hrefs, links
    for reply in body["replies"]:
        for link in reply.get("links", []):
            assert link["text"] in reply["text"] and SAFE_HREF.match(link["href"])
    lines = [line for reply in body["replies"] for line in reply.get("route_lines", [])]
    assert {"childline", "ceop"} <= {line["route"] for line in lines}
