"""The web app's own messages name the deployment's routes (bot/web/help_text.py):
a rate limit, an outage, a closed class code or link, a refused website and
the page without JavaScript. A pupil in Australia must never be sent to a UK
number."""
from __future__ import annotations

import html
import re

import pytest

from bot.routes import available_locales
from bot.web import help_text
from bot.web.widget_help import widget_help
from tests.stack import call, get, start_web

UK_ONLY = ("0800 1111", "Childline free", "999")


def noscript(page: str) -> str:
    found = help_text.NOSCRIPT.findall(page)
    assert len(found) == 1
    return found[0]


def assert_names_routes(text: str, locale: str) -> None:
    facts = widget_help(locale)
    text = html.unescape(text)
    assert facts["helpline"] in text and facts["helplinePhone"] in text and facts["emergency"] in text, text
    if locale != "uk":
        assert not [uk for uk in UK_ONLY if uk in text], text


@pytest.mark.parametrize("locale", available_locales())
def test_every_message_names_the_locales_helpline_and_emergency_number(locale):
    for kind in help_text.MESSAGES:
        assert_names_routes(help_text.message(kind, locale), locale)
    note = noscript(help_text.index_page(locale))
    assert_names_routes(note, locale)
    digits = re.sub(r"[^0-9]", "", widget_help(locale)["helplinePhone"])
    assert f'href="tel:{digits}"' in note and f'href="tel:{widget_help(locale)["emergency"]}"' in note


def test_the_uk_page_keeps_its_words_outside_the_note():
    from bot import paths

    written = (paths.WEB / "index.html").read_text(encoding="utf-8")
    served = help_text.index_page("uk")
    assert help_text.NOSCRIPT.sub("", served) == help_text.NOSCRIPT.sub("", written)
    assert 'href="tel:08001111"' in served and "Childline free on" in served


def test_an_australian_deployment_serves_australian_routes_everywhere(tmp_path):
    web = start_web(tmp_path, {"KIT_LOCALE": "au", "KIT_RATE_ADDRESS_PER_MINUTE": "1",
                               "KIT_RATE_ADDRESS_BURST": "5", "KIT_CORS_ORIGINS": "https://school.example"})
    try:
        status, _, page = get(web.url + "/")
        assert status == 200
        assert_names_routes(noscript(page), "au")
        status, _, page = get(web.url + "/join/NO-SUCH-CODE")
        assert status == 200
        assert_names_routes(re.search(r'id="kit-join-note"[^>]*>(.*?)</p>', page).group(1), "au")
        status, _, body = call("OPTIONS", web.url + "/api/session", headers={"Origin": "https://elsewhere.example"})
        assert status == 403
        assert_names_routes(body["error"], "au")
        answers = [call("POST", web.url + "/api/session", {"age_band": "11-13"}) for _ in range(8)]
        limited = [body for status, _, body in answers if status == 429]
        assert limited, [status for status, _, _ in answers]
        assert_names_routes(limited[0]["error"], "au")
        # The teacher dashboard's guidance names the same services (issue 20).
        status, _, page = get(web.url + "/teacher/classes/1")
        assert status == 200 and "Kids Helpline" in page and "calling 000" in page and "the ACCCE" in page
        assert not [uk for uk in ("Childline", "CEOP", "999", "Report Remove") if uk in page]
    finally:
        web.stop()
