"""Security headers on every response, and CORS for the pupil API.

Pupil pages may be framed by the school sites in KIT_FRAME_ANCESTORS; teacher
pages never (frame-ancestors 'none'), so a school page allowed to frame the
widget cannot frame the dashboard and trick a teacher into clicks. Behind TLS,
KIT_HSTS_SECONDS adds Strict-Transport-Security.

Origins in KIT_FRAME_ANCESTORS and KIT_CORS_ORIGINS are exact origins
(scheme://host[:port]). CORS compares the request's Origin with them as whole
strings: no patterns, no prefixes, so https://school.example.evil.com never
passes for https://school.example (sanic-cors matches with an unanchored regex,
CVE-2026-37737, so it is not used).
"""
from __future__ import annotations

import re
from typing import Dict, Iterable, Tuple
from urllib.parse import urlsplit

from sanic.request import Request
from sanic.response import HTTPResponse, empty, json

from bot.web import help_text
from bot.web.errors import ApiError

ORIGIN = re.compile(r"^https?://[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:[0-9]{1,5})?$")
CORS_PATHS = ("/api/session", "/api/chat")


def exact_origins(values: Iterable[str], setting: str) -> Tuple[str, ...]:
    """Only well-formed origins; anything else stops start-up with a clear message."""
    origins = tuple(values)
    for origin in origins:
        if not ORIGIN.match(origin):
            raise ValueError(f"{setting}: {origin!r} is not an origin like https://school.example")
    return origins


def is_same_origin(request: Request, origin: str) -> bool:
    """The page that sent the request is on Kit's own host (as the browser asked for it)."""
    public_url = request.app.ctx.settings.public_url
    try:
        netloc = urlsplit(origin).netloc
    except ValueError:  # "http://[not-ipv6"
        return False
    return netloc == request.host or bool(public_url) and origin == public_url


TEACHER_PATHS = ("/teacher", "/api/teacher", "/preview")


def _headers(ancestors: str, hsts_seconds: int) -> Dict[str, str]:
    csp = "; ".join([
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        f"frame-ancestors {ancestors}",
    ])
    headers = {
        "Content-Security-Policy": csp,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "Cross-Origin-Opener-Policy": "same-origin",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    }
    if hsts_seconds > 0:
        headers["Strict-Transport-Security"] = f"max-age={hsts_seconds}"
    return headers


class SecurityHeaders:
    """The headers for a path: teacher areas unframeable, pupil pages framed
    only by 'self' and KIT_FRAME_ANCESTORS."""

    def __init__(self, frame_ancestors: Iterable[str], hsts_seconds: int = 0) -> None:
        ancestors = " ".join(("'self'",) + exact_origins(frame_ancestors, "KIT_FRAME_ANCESTORS"))
        self.pupil = _headers(ancestors, hsts_seconds)
        self.teacher = {**_headers("'none'", hsts_seconds), "X-Frame-Options": "DENY"}

    def for_path(self, path: str) -> Dict[str, str]:
        return self.teacher if path.startswith(TEACHER_PATHS) else self.pupil


class Cors:
    def __init__(self, origins: Iterable[str], locale: str) -> None:
        self.origins = frozenset(exact_origins(origins, "KIT_CORS_ORIGINS"))
        self.not_allowed = help_text.message("not_allowed", locale)

    def allowed(self, origin: str) -> bool:
        return origin in self.origins

    def may_use(self, request: Request) -> bool:
        """The page that sent the request may use Kit's API: Kit's own, or in
        KIT_CORS_ORIGINS. No Origin (not a browser, or a same-origin GET) may."""
        origin = request.headers.get("origin")
        return origin is None or self.allowed(origin) or is_same_origin(request, origin)

    def check_origin(self, request: Request) -> None:
        """A request from a page on another site that is not allowed changes nothing."""
        if not self.may_use(request):
            raise ApiError(self.not_allowed, 403)

    def add_headers(self, request: Request, response: HTTPResponse) -> None:
        if request.path not in CORS_PATHS:
            return
        response.headers["Vary"] = "Origin"
        origin = request.headers.get("origin")
        if origin is not None and self.allowed(origin):
            response.headers["Access-Control-Allow-Origin"] = origin

    def preflight(self, request: Request) -> HTTPResponse:
        origin = request.headers.get("origin")
        if origin is not None and not self.allowed(origin):
            return json({"error": self.not_allowed}, status=403)
        return empty(headers={
            "Allow": "POST, OPTIONS",
            "Access-Control-Allow-Methods": "POST",
            "Access-Control-Allow-Headers": "Content-Type",
            "Access-Control-Max-Age": "600",
        })
