"""The content preview: a designer runs it and opens the site offline."""
from __future__ import annotations

import asyncio
import html
import re
import socket

import aiohttp
import pytest
from sanic import Sanic

from bot.content import preview
from bot.content.check import Finding
from bot.content.source import response_texts
from bot.ids import AGE_BANDS
from bot.web.preview import preview_blueprint, preview_file


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("preview")
    flagged = Finding("warning", "domain.yml:1 utter_greet (8-10)", "reading grade 2.9, close to the limit 3",
                      "Fine for now", owner="utter_greet", band="8-10")
    preview.build(out, site=preview.Site(locale="uk", findings=[flagged]))
    return out


def test_the_command_writes_every_page_and_the_stylesheet(tmp_path):
    files = preview.build(tmp_path / "site", locale="uk")
    assert sorted(f.name for f in files) == ["conversations.html", "index.html", "preview.css", "responses.html", "routes.html", "stories.html"]
    assert all(f.stat().st_size > 0 for f in files)


def test_every_response_is_shown_with_its_three_band_variations(site):
    page = (site / "responses.html").read_text()
    for text in response_texts():
        assert f'id="{text.owner}"' in page
        words = re.sub(r"<[^>]+>", "", page)
        assert html.escape(text.text, quote=True) in words, text.where
    section = page[page.index('id="utter_grooming"'):page.index('id="utter_grooming_urgent"')]
    assert all(f"<h4>{band}</h4>" in section for band in AGE_BANDS)


def test_every_rule_and_story_is_a_transcript_in_each_band(site):
    page = (site / "conversations.html").read_text()
    dialogues = preview.load_dialogues()
    assert len(dialogues) > 20 and any(d.file == "tests/test_stories.yml" for d in dialogues)
    for dialogue in dialogues:
        assert html.escape(dialogue.name, quote=True) in page
    assert page.count('<div class="band">') == 3 * len(dialogues)


def test_actions_show_as_placeholders_with_the_routes_they_would_add(site):
    page = (site / "conversations.html").read_text()
    start = page.index("rule: grooming<")
    grooming = page[start:page.index("</section>", start)]
    assert "action_answer_topic" in grooming and '<ul class="routes">' in grooming
    assert '<mark class="route">ceop</mark>' in grooming.lower() or '<mark class="route">CEOP</mark>' in grooming


def test_findings_are_marked_next_to_the_response(site):
    page = (site / "responses.html").read_text()
    greet = page[page.index('id="utter_greet"'):page.index('id="utter_goodbye"')]
    assert "close to the limit 3" in greet
    assert "close to the limit 3" not in page.replace(greet, "")


def test_the_site_opens_offline(site):
    for page in site.glob("*.html"):
        text = page.read_text()
        assert "<script" not in text
        links = re.findall(r'(?:href|src)="([^"]*)"', text)
        assert links and all(not re.match(r"^(https?:)?//", link) for link in links), page.name
        assert "@import" not in text
    assert 'href="preview.css"' in (site / "index.html").read_text()


def test_the_routes_page_follows_the_chosen_locale(tmp_path):
    preview.build(tmp_path, locale="us")
    routes = (tmp_path / "routes.html").read_text()
    assert "United States" in routes and "911" in routes and "0800 1111" not in routes


def test_only_preview_pages_are_served(site):
    assert preview_file(site, "") == site / "index.html"
    assert preview_file(site, "responses.html") == site / "responses.html"
    for bad in ("../domain.yml", ".env", "nope.html", "sub/index.html", "..%2Fdomain.yml"):
        assert preview_file(site, bad) is None, bad


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def test_the_web_app_serves_the_preview_only_to_signed_in_staff(site):
    async def signed_in(request):
        return request.headers.get("x-test-teacher") == "yes"

    app = Sanic("preview_test")
    app.blueprint(preview_blueprint(site, signed_in))
    port = _free_port()
    server = await app.create_server(host="127.0.0.1", port=port, return_asyncio_server=True)
    await server.startup()
    try:
        async with aiohttp.ClientSession() as http:
            base = f"http://127.0.0.1:{port}/preview"
            async with http.get(f"{base}/") as r:
                assert r.status == 401
            async with http.get(f"{base}/responses.html", headers={"x-test-teacher": "yes"}) as r:
                assert r.status == 200 and "utter_grooming" in await r.text()
            async with http.get(f"{base}/preview.css", headers={"x-test-teacher": "yes"}) as r:
                assert r.status == 200 and r.headers["content-type"].startswith("text/css")
            async with http.post(f"{base}/index.html", headers={"x-test-teacher": "yes"}) as r:
                assert r.status == 405
    finally:
        server.close()
        await server.wait_closed()
        await asyncio.sleep(0)


def test_the_safety_reply_shows_its_responses_in_order(site):
    page = (site / "conversations.html").read_text()
    start = page.index("rule: disclosure<")
    rule = page[start:page.index("</section>", start)]
    order = [rule.index(n) for n in ("utter_disclosure_ack", '<ul class="routes">', "utter_confidentiality_class", "utter_ask_safe_now")]
    assert order == sorted(order)
