"""GET /join/CODE: the pupil page, chatting in that class with its age band.

The page is index.html with the code and age band in the widget's data
attributes (no inline script). A closed or unknown code still opens the chat,
not linked to a class, with a kind note that names Childline (the same page
for both); so does an address that has tried too many codes, with a 429.
"""
from __future__ import annotations

import html

from sanic import Blueprint
from sanic.request import Request
from sanic.response import HTTPResponse
from sanic.response import html as html_response

from bot.web import help_text
from bot.web.class_codes import TooManyGuesses, open_class

join = Blueprint("join")


def join_page(code: str, age_band: str, locale: str, note: str = "") -> str:
    page = help_text.index_page(locale)
    page = page.replace('data-class-code=""', f'data-class-code="{html.escape(code)}" data-age-band="{age_band}"', 1)
    if note:
        page = page.replace('<div id="kit-chat">', f'<p class="kit-join-note" id="kit-join-note" role="status">{html.escape(note)}</p>\n<div id="kit-chat">', 1)
    return page


@join.get("/join/<code:str>")
async def join_class(request: Request, code: str) -> HTTPResponse:
    locale = request.app.ctx.settings.locale
    try:
        found = await open_class(request, code)
    except TooManyGuesses as refused:
        return html_response(join_page("", "", locale, str(refused)), status=429)
    if found is None:
        return html_response(join_page("", "", locale, help_text.message("class_link_closed", locale)), status=200)
    return html_response(join_page(found.code, found.age_band, locale))
