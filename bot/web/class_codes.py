"""Checking a class code a pupil sent (the join link and POST /api/session).

An unknown and a closed code give the same answer after the same single
lookup, so a guesser learns nothing from the difference. Each address may
check only so many codes that are not open a minute: the guess is counted
before the lookup (parallel guesses cannot overtake the count) and given back
for an open code, so a whole school joining its classes is never slowed. Once
an address has spent its guesses, open codes are refused too, or the refusal
itself would say which codes exist.
"""
from __future__ import annotations

import logging
import re
from typing import Optional

from sanic.request import Request
from sqlalchemy.exc import SQLAlchemyError

from bot.store.classes import ClassView, find_class_by_code
from bot.web import help_text
from bot.web.blocking import in_thread
from bot.web.errors import ApiError
from bot.web.ratelimit import client_address

logger = logging.getLogger(__name__)
CODE_SHAPE = re.compile(r"[0-9A-Za-z -]{1,32}")  # what a code can look like as typed; nothing else can exist


class TooManyGuesses(ApiError):
    def __init__(self, locale: str) -> None:
        super().__init__(help_text.message("too_many_codes", locale), 429)


async def open_class(request: Request, code: str) -> Optional[ClassView]:
    """The open class with this code, or None for an unknown or closed code; TooManyGuesses past the limit."""
    settings, guesses = request.app.ctx.settings, request.app.ctx.limits.code_guesses
    address = client_address(request)
    if not guesses.allow(address):
        raise TooManyGuesses(settings.locale)
    found = None
    if CODE_SHAPE.fullmatch(code):
        try:
            found = await in_thread(find_class_by_code, settings.database_url, code)
        except SQLAlchemyError as error:
            logger.error("class code lookup failed (%s)", type(error).__name__)
            guesses.give_back(address)
            raise ApiError(help_text.message("unavailable", settings.locale), 503)
    if found is None or found.closed:
        return None
    guesses.give_back(address)
    return found
