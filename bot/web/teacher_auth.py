"""Teacher sign-in: POST /api/teacher/login, POST /api/teacher/logout,
GET /api/teacher/me (which hands out the CSRF token), and the `signed_in`
guard every teacher endpoint uses."""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import hmac
from typing import Optional

from sanic import Blueprint
from sanic.request import Request
from sanic.response import HTTPResponse, json

from bot.settings import Settings
from bot.store.login_throttle import Policy, attempt_succeeded, key_hash, start_attempt
from bot.store.teacher_sessions import close_session, find_session, open_session
from bot.store.teachers import TeacherIdentity, check_password, normalise_email
from bot.web.blocking import in_thread
from bot.web.errors import ApiError
from bot.web.pupil import body_object
from bot.web.ratelimit import client_address
from bot.web.security import is_same_origin
from bot.web.teacher_input import plain_text

teacher_auth = Blueprint("teacher_auth", url_prefix="/api/teacher")

COOKIE = "kit_teacher"
SECURE_COOKIE = "__Host-kit_teacher"  # browsers tie __Host- cookies to this host, HTTPS and path /
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def csrf_token(session_token: str) -> str:
    """Bound to the session: unguessable without the HttpOnly cookie."""
    return hmac.new(session_token.encode(), b"kit-teacher-csrf", hashlib.sha256).hexdigest()


def cookie_is_secure(request: Request, settings: Settings) -> bool:
    if settings.cookie_secure in ("always", "true", "1"):
        return True
    if settings.cookie_secure in ("never", "false", "0"):
        return False
    return request.scheme == "https"


def cookie_name(request: Request) -> str:
    return SECURE_COOKIE if cookie_is_secure(request, request.app.ctx.settings) else COOKIE


def session_token(request: Request) -> str:
    return request.cookies.get(cookie_name(request), "")


def set_session_cookie(request: Request, response: HTTPResponse, value: str, max_age: Optional[int] = None) -> None:
    name = cookie_name(request)
    response.cookies[name] = value
    cookie = response.cookies[name]
    cookie["path"] = "/"
    cookie["httponly"] = True
    cookie["samesite"] = "Strict"
    cookie["secure"] = name == SECURE_COOKIE
    if max_age is not None:
        cookie["max-age"] = max_age


def _timeouts(settings: Settings):
    return dt.timedelta(minutes=settings.teacher_idle_minutes), dt.timedelta(hours=settings.teacher_session_hours)


async def current_teacher(request: Request) -> Optional[TeacherIdentity]:
    token = session_token(request)
    if not token or len(token) > 100:
        return None
    settings = request.app.ctx.settings
    return await in_thread(find_session, settings.database_url, token, *_timeouts(settings))


def check_same_origin(request: Request) -> None:
    """A browser always sends Origin on a cross-site POST; refuse one from elsewhere."""
    origin = request.headers.get("origin")
    if origin and not is_same_origin(request, origin):
        raise ApiError("This request came from another site and was refused.", 403)


def signed_in(handler):
    """Puts the teacher in request.ctx.teacher; 401 without a live session, 403
    without the right CSRF token on a state-changing request."""

    @functools.wraps(handler)
    async def guarded(request: Request, *args, **kwargs):
        teacher = await current_teacher(request)
        if teacher is None:
            raise ApiError("Please sign in first.", 401)
        if request.method not in SAFE_METHODS:
            check_same_origin(request)
            sent = request.headers.get(CSRF_HEADER, "")
            if not hmac.compare_digest(sent.encode(), csrf_token(session_token(request)).encode()):
                raise ApiError("The security token is missing or wrong. Please reload the page and try again.", 403)
        request.ctx.teacher = teacher
        return await handler(request, *args, **kwargs)

    return guarded


def login_policy(settings: Settings) -> Policy:
    return Policy(dt.timedelta(minutes=settings.login_throttle_minutes),
                  settings.login_delay_seconds, settings.login_max_delay_seconds)


def seconds(count: int) -> str:
    return "1 second" if count == 1 else f"{count} seconds"


@teacher_auth.post("/login")
async def login(request: Request) -> HTTPResponse:
    check_same_origin(request)
    body = body_object(request)
    email = plain_text(body.get("email"), "your email address", 254)
    password = plain_text(body.get("password"), "your password", 256)
    settings: Settings = request.app.ctx.settings
    url = settings.database_url
    account = key_hash("account", normalise_email(email))
    address = key_hash("address", client_address(request))
    free = {account: settings.login_failures_per_account, address: settings.login_failures_per_address}
    attempt = await in_thread(start_attempt, url, free, login_policy(settings))
    if not attempt.allowed:
        raise ApiError(f"Too many failed sign-ins. Please wait {seconds(attempt.wait_seconds)} and try again.", 429)
    teacher = await in_thread(check_password, url, email, password)
    if teacher is None:  # the attempt stays counted as a failure
        raise ApiError("That email address and password do not match an account.", 401)
    await in_thread(attempt_succeeded, url, attempt, account)
    old = session_token(request)
    if old:
        await in_thread(close_session, url, old)
    token = await in_thread(open_session, url, teacher.id)  # always a new session id at sign-in
    response = json({"email": teacher.email, "is_admin": teacher.is_admin, "is_dsl": teacher.is_dsl,
                     "csrf_token": csrf_token(token)})
    set_session_cookie(request, response, token)
    return response


@teacher_auth.post("/logout")
@signed_in
async def logout(request: Request) -> HTTPResponse:
    await in_thread(close_session, request.app.ctx.settings.database_url, session_token(request))
    response = json({"signed_out": True})
    set_session_cookie(request, response, "", max_age=0)
    return response


@teacher_auth.get("/me")
@signed_in
async def me(request: Request) -> HTTPResponse:
    teacher: TeacherIdentity = request.ctx.teacher
    return json({"email": teacher.email, "is_admin": teacher.is_admin, "is_dsl": teacher.is_dsl,
                 "csrf_token": csrf_token(session_token(request))})
