"""GET /join/CODE: the pupil page, chatting in that class with its age band.

The page is index.html with the code and age band in the widget's data
attributes (no inline script), the class it joined named, and no promise that
Kit will ask the pupil's age (the class's band is used). A closed or unknown
code still opens the chat, not linked to a class, with a kind note that names
Childline (the same page for both); so does an address that has tried too
many codes, with a 429. GET /join?code=... is the demo page's "type your
class code" box; its guesses count towards the same limit.
"""
from __future__ import annotations

import html
import re

from sanic import Blueprint
from sanic.request import Request
from sanic.response import HTTPResponse, redirect
from sanic.response import html as html_response

from bot.store.classes import normalise_code
from bot.web import help_text
from bot.web.class_codes import TooManyGuesses, open_class

join = Blueprint("join")

AGE_NOTE = re.compile(r'<span id="kit-age-note">.*?</span>', re.S)


def with_note(page: str, note_id: str, note: str) -> str:
    """The page with a status note just above the chat."""
    return page.replace(
        '<div id="kit-chat">',
        f'<p class="kit-join-note" id="{note_id}" role="status">{html.escape(note)}</p>\n<div id="kit-chat">', 1,
    )


def join_page(code: str, age_band: str, locale: str, note: str = "", class_name: str = "") -> str:
    page = help_text.index_page(locale)
    page = page.replace('data-class-code=""', f'data-class-code="{html.escape(code)}" data-age-band="{age_band}"', 1)
    if note:
        page = with_note(page, "kit-join-note", note)
    if class_name:
        ages = age_band.replace("-", " to ")
        page = with_note(page, "kit-joined", f"You joined the class {class_name}.")
        page = AGE_NOTE.sub(lambda _: f'<span id="kit-age-note">Your class is set up for ages {html.escape(ages)}, '
                                      f'so Kit won\'t ask how old you are.</span>', page, count=1)
    return page


async def open_class_or_refusal(request: Request, code: str):
    """The open class (or None), or the chat page with the too-many-codes note (429)."""
    try:
        return await open_class(request, code)
    except TooManyGuesses as refused:
        return html_response(join_page("", "", request.app.ctx.settings.locale, str(refused)), status=429)


@join.get("/join/<code:str>")
async def join_class(request: Request, code: str) -> HTTPResponse:
    locale = request.app.ctx.settings.locale
    found = await open_class_or_refusal(request, code)
    if isinstance(found, HTTPResponse):
        return found
    if found is None:
        return html_response(join_page("", "", locale, help_text.message("class_link_closed", locale)), status=200)
    return html_response(join_page(found.code, found.age_band, locale, class_name=found.name))


@join.get("/join")
async def join_by_typed_code(request: Request) -> HTTPResponse:
    """The code box: an open class's code goes to its join page; anything else
    gets the chat (not linked to a class) with a note to check the code."""
    typed = request.args.get("code") or ""
    locale = request.app.ctx.settings.locale
    found = await open_class_or_refusal(request, typed)
    if isinstance(found, HTTPResponse):
        return found
    if found is not None:
        return redirect(f"/join/{found.code}", status=303)
    shown = normalise_code(typed)[:12] or "(none)"
    note = help_text.message("class_code_unknown", locale).replace("{code}", shown)
    return html_response(join_page("", "", locale, note), status=200)
