"""The pupil API: POST /api/session and POST /api/chat (DESIGN.md contract)."""
from __future__ import annotations

import asyncio
import json as jsonlib
import re
import unicodedata
from typing import Any, Dict, Optional

from sanic import Blueprint
from sanic.request import Request
from sanic.response import HTTPResponse, json

from bot.ids import AGE_BANDS, TOPICS
from bot.safety.net import emergency_replies, ensure_route_to_help
from bot.store.classes import find_class_by_code
from bot.web.errors import ApiError
from bot.web.rasa_client import RasaUnavailable

pupil = Blueprint("pupil", url_prefix="/api")

# Button payloads a pupil may send; anything else starting with "/" is plain text.
BUTTON_INTENTS = set(TOPICS) | {"ask_capabilities", "safe_yes", "safe_no", "safe_unsure"}
AGE_BAND_PAYLOAD = re.compile(r'^/choose_age_band\{"age_band":"(8-10|11-13|14-18)"\}$')
CLASS_CLOSED = (
    "This class code has been closed, so this chat is not linked to a class. Your teacher can give you "
    "a new code. You can still talk to Kit, and Childline is there for you free on 0800 1111."
)
CONTROL_CHARS = re.compile(r"[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def body_object(request: Request) -> Dict[str, Any]:
    try:
        body = jsonlib.loads(request.body or b"")
    except (ValueError, UnicodeDecodeError):
        raise ApiError("The request body must be valid JSON.")
    if not isinstance(body, dict):
        raise ApiError("The request body must be a JSON object.")
    return body


def clean_text(value: Any, limit: int) -> str:
    if not isinstance(value, str):
        raise ApiError("'text' must be a string.")
    text = CONTROL_CHARS.sub("", unicodedata.normalize("NFC", value)).strip()
    if not text:
        raise ApiError("The message is empty. Please type something.")
    if len(text) > limit:
        raise ApiError(f"The message is too long. Please keep it under {limit} characters.", 413)
    return text


def as_rasa_text(text: str) -> str:
    """Let through only the button payloads Kit issues; a typed "/" is just text."""
    if text.startswith("/"):
        if text[1:] in BUTTON_INTENTS or AGE_BAND_PAYLOAD.match(text):
            return text
        return text.lstrip("/").strip() or "?"
    return text


async def ask_rasa(request: Request, session_id: str, text: str, class_id: Optional[int]) -> list:
    metadata = {"class_id": class_id} if class_id is not None else {}
    ctx = request.app.ctx
    try:
        replies = await ctx.rasa.send(session_id, text, metadata)
    except RasaUnavailable:
        return emergency_replies()
    return await ensure_route_to_help(
        text, replies, lambda: ctx.rasa.is_up(f"{ctx.settings.actions_url}/health")
    )


@pupil.post("/session")
async def start_session(request: Request) -> HTTPResponse:
    body = body_object(request)
    age_band = body.get("age_band")
    if age_band is not None and age_band not in AGE_BANDS:
        raise ApiError("Unknown age band. Use 8-10, 11-13 or 14-18.")
    class_code, class_id = body.get("class_code"), None
    if class_code is not None:
        if not isinstance(class_code, str) or not class_code.strip():
            raise ApiError("Unknown class code. Please check it with your teacher.")
        loop = asyncio.get_running_loop()
        found = await loop.run_in_executor(None, find_class_by_code, request.app.ctx.settings.database_url, class_code)
        if found is None:
            raise ApiError("Unknown class code. Please check it with your teacher.")
        if found.closed:
            raise ApiError(CLASS_CLOSED)
        class_id, age_band = found.id, age_band or found.age_band
    session_id = request.app.ctx.sessions.create(age_band, class_id)
    start = f'/start_session{{"age_band":"{age_band}"}}' if age_band else "/start_session"
    replies = await ask_rasa(request, session_id, start, class_id)
    return json({"session": session_id, "replies": replies})


@pupil.post("/chat")
async def chat(request: Request) -> HTTPResponse:
    body = body_object(request)
    session_id = body.get("session")
    if not isinstance(session_id, str) or not session_id:
        raise ApiError("'session' is missing. Start a chat with POST /api/session first.")
    if "text" not in body:
        raise ApiError("'text' is missing.")
    text = clean_text(body["text"], request.app.ctx.settings.max_text_length)
    session = request.app.ctx.sessions.get(session_id)
    if session is None:
        raise ApiError("This chat has ended or does not exist. Please start a new chat.", 404)
    replies = await ask_rasa(request, session_id, as_rasa_text(text), session.class_id)
    return json({"replies": replies})
