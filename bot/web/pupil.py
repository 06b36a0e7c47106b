"""The pupil API: POST /api/session and POST /api/chat (DESIGN.md contract)."""
from __future__ import annotations

import json as jsonlib
import logging
import re
import unicodedata
from typing import Any, Dict, Optional

from redis.exceptions import RedisError
from sanic import Blueprint
from sanic.request import Request
from sanic.response import HTTPResponse, json

from bot import scenarios
from bot.ids import AGE_BANDS, TOPICS
from bot.safety.net import emergency_replies, ensure_route_to_help
from bot.web import help_text
from bot.web.class_codes import open_class
from bot.web.errors import ApiError
from bot.web.ratelimit import client_address
from bot.web.rasa_client import RasaUnavailable
from bot.web.reply_links import with_links
from bot.web.security import is_same_origin

logger = logging.getLogger(__name__)
pupil = Blueprint("pupil", url_prefix="/api")

# Button payloads a pupil may send; anything else starting with "/" is plain text.
BUTTON_INTENTS = set(TOPICS) | {
    "ask_capabilities", "safe_yes", "safe_no", "safe_unsure",
    "scenario_list", "scenario_resume", "scenario_stop",
}
AGE_BAND_PAYLOAD = re.compile(r'^/choose_age_band\{"age_band":"(8-10|11-13|14-18)"\}$')
# Control, zero-width, bidi-override and lone-surrogate characters: invisible
# tricks that hide words from the safety screen or break encoders downstream.
CONTROL_CHARS = re.compile(
    "[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u2069\ufeff\ud800-\udfff]"
)
MAX_SESSION_ID_LENGTH = 128
MAX_CLASS_CODE_LENGTH = 32


def body_object(request: Request) -> Dict[str, Any]:
    try:
        body = jsonlib.loads(request.body or b"")
    except (ValueError, UnicodeDecodeError):
        raise ApiError("The request body must be valid JSON.")
    except RecursionError:  # "[[[[...]]]]" thousands deep: Kit's bodies are flat
        raise ApiError("The request body is nested too deeply. Please send a flat JSON object.")
    if not isinstance(body, dict):
        raise ApiError("The request body must be a JSON object.")
    return body


def normalise(value: str) -> str:
    """NFKC folds look-alike forms (full-width letters, ligatures) into plain
    ones, so "\uff4e\uff55\uff44\uff45\uff53" reads as "nudes" to the safety screen."""
    return CONTROL_CHARS.sub("", unicodedata.normalize("NFKC", CONTROL_CHARS.sub("", value))).strip()


def clean_text(value: Any, limit: int) -> str:
    if not isinstance(value, str):
        raise ApiError("'text' must be a string.")
    too_long = ApiError(f"The message is too long. Please keep it under {limit} characters.", 413)
    if len(value) > 4 * limit:  # far over: no need to normalise it first
        raise too_long
    text = normalise(value)
    if not text:
        raise ApiError("The message is empty. Please type something.")
    if len(text) > limit:
        raise too_long
    return text


def as_rasa_text(text: str) -> str:
    """Let through only the button payloads Kit issues; a typed "/" is just text."""
    if text.startswith("/"):
        if text[1:] in BUTTON_INTENTS or AGE_BAND_PAYLOAD.match(text) or scenarios.valid_payload(text):
            return text
        return text.lstrip("/").strip() or "?"
    return text


async def ask_rasa(request: Request, session_id: str, text: str, class_id: Optional[int]) -> list:
    metadata = {"class_id": class_id} if class_id is not None else {}
    ctx = request.app.ctx
    try:
        replies = await ctx.rasa.send(session_id, text, metadata)
    except RasaUnavailable:
        return with_links(emergency_replies(), ctx.settings.locale)
    replies = await ensure_route_to_help(
        text, replies, lambda: ctx.rasa.is_up(f"{ctx.settings.actions_url}/health")
    )
    return with_links(replies, ctx.settings.locale)


async def sessions_call(request: Request, awaitable):
    """The session store (Redis when scaled out) being down is a 503 with routes, never a 500."""
    try:
        return await awaitable
    except (OSError, RedisError) as error:
        logger.error("session store unavailable (%s)", type(error).__name__)
        raise ApiError(help_text.message("unavailable", request.app.ctx.settings.locale), 503)


@pupil.middleware("request")
async def guard(request: Request) -> None:
    """The address ceiling on every request; on a POST, the page's origin too: a
    plain (text/plain) cross-site POST needs no preflight, so CORS alone would
    not stop another site starting chats with a pupil's browser."""
    request.app.ctx.limits.check_address(client_address(request))
    if request.method == "POST":
        request.app.ctx.cors.check_origin(request)


@pupil.post("/session")
async def start_session(request: Request) -> HTTPResponse:
    body = body_object(request)
    age_band = body.get("age_band")
    if age_band is not None and (not isinstance(age_band, str) or age_band not in AGE_BANDS):
        raise ApiError("Unknown age band. Use 8-10, 11-13 or 14-18.")
    class_code, class_id = body.get("class_code"), None
    if class_code is not None:
        not_open = ApiError(help_text.message("class_not_open", request.app.ctx.settings.locale))
        if not isinstance(class_code, str) or not normalise(class_code) or len(class_code) > MAX_CLASS_CODE_LENGTH:
            raise not_open
        found = await open_class(request, normalise(class_code))
        if found is None:
            raise not_open
        class_id, age_band = found.id, age_band or found.age_band
    request.app.ctx.limits.check_new_session(client_address(request), class_id)
    session_id = await sessions_call(request, request.app.ctx.sessions.create(age_band, class_id))
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
    if len(session_id) > MAX_SESSION_ID_LENGTH:
        raise ApiError("This chat has ended or does not exist. Please start a new chat.", 404)
    request.app.ctx.limits.check_session(session_id)
    session = await sessions_call(request, request.app.ctx.sessions.get(session_id))
    if session is None:
        raise ApiError("This chat has ended or does not exist. Please start a new chat.", 404)
    replies = await ask_rasa(request, session_id, as_rasa_text(text), session.class_id)
    return json({"replies": replies})


@pupil.get("/embed-check")
async def embed_check(request: Request) -> HTTPResponse:
    """Whether the asking page's origin may use Kit's API ("allowed",
    KIT_CORS_ORIGINS) and show Kit's chat frame ("frame", KIT_FRAME_ANCESTORS).
    A refused request or a blocked frame looks like a lost connection to the
    widget; this lets it tell a site not yet allowed from a child's lost
    connection. Readable by any page: it tells only what every pupil page's
    frame-ancestors header already lists."""
    origin = request.headers.get("origin")
    framed = origin is None or origin in request.app.ctx.settings.frame_ancestors or is_same_origin(request, origin)
    return json({"allowed": request.app.ctx.cors.may_use(request), "frame": framed},
                headers={"Access-Control-Allow-Origin": "*", "Cache-Control": "no-store"})


async def preflight(request: Request) -> HTTPResponse:
    return request.app.ctx.cors.preflight(request)


for _path in ("/session", "/chat"):
    pupil.add_route(preflight, _path, methods=["OPTIONS"], name=f"preflight{_path.replace('/', '_')}")
