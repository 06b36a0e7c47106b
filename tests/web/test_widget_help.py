"""widget.js carries the deployment's helpline and emergency number
(bot/web/widget_help.py), for the help strip and the offline note."""
from __future__ import annotations

import json

import pytest

from bot import paths
from bot.routes import available_locales
from bot.web.widget_help import MARKER, widget_help, widget_js
from tests.stack import get, start_web


def served_help(script: str) -> dict:
    found = MARKER.findall(script)
    assert len(found) == 1
    return json.loads(found[0].split("*/", 1)[1])


def test_the_uk_widget_is_the_file_as_written():
    assert widget_js("uk") == (paths.WEB / "widget.js").read_text(encoding="utf-8")
    assert widget_help("uk") == {"helpline": "Childline", "helplinePhone": "0800 1111", "helplineFree": True,
                                 "emergency": "999"}


@pytest.mark.parametrize("locale", available_locales())
def test_every_locale_gets_its_own_helpline_and_emergency_number(locale):
    assert served_help(widget_js(locale)) == widget_help(locale)


@pytest.mark.parametrize("locale,helpline,phone,emergency", [
    ("ie", "Childline (ISPCC)", "1800 66 66 66", "112"),
    ("us", "Childhelp", "1-800-422-4453", "911"),
    ("au", "Kids Helpline", "1800 55 1800", "000"),
])
def test_the_numbers_are_each_countrys(locale, helpline, phone, emergency):
    # none of these routes' own words says "free", so the widget does not either
    assert widget_help(locale) == {"helpline": helpline, "helplinePhone": phone, "helplineFree": False,
                                   "emergency": emergency}


def test_the_web_app_serves_its_locales_widget(tmp_path):
    web = start_web(tmp_path, {"KIT_LOCALE": "us"})
    try:
        status, headers, script = get(web.url + "/widget.js")
    finally:
        web.stop()
    content_type = {name.lower(): value for name, value in headers.items()}["content-type"]
    assert status == 200 and content_type.startswith("application/javascript")
    assert served_help(script) == widget_help("us") and served_help(script)["emergency"] == "911"
