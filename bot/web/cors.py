"""Cross-origin use of the pupil API by the widget embedded on school sites.

Only the origins listed in KIT_WIDGET_ORIGINS may call POST /api/session and
POST /api/chat from a browser (exact match; no wildcard, never "null"). No
credentials are allowed: the widget sends no cookies. Same-origin use (the
demo page) needs none of this.
"""
from __future__ import annotations

from sanic import Blueprint, Sanic
from sanic.request import Request
from sanic.response import HTTPResponse, empty

from bot.web.errors import ApiError

PUPIL_PATHS = ("/api/session", "/api/chat")

cors = Blueprint("cors")


def allowed_origin(request: Request) -> str:
    origin = request.headers.get("origin", "")
    return origin if origin in request.app.ctx.settings.widget_origins else ""


async def preflight(request: Request) -> HTTPResponse:
    origin = allowed_origin(request)
    if not origin:
        raise ApiError("This site may not use Kit's chat. Ask Kit's administrator to add it.", 403)
    return empty(
        headers={
            "Access-Control-Allow-Origin": origin,
            "Access-Control-Allow-Methods": "POST",
            "Access-Control-Allow-Headers": "Content-Type",
            "Access-Control-Max-Age": "600",
            "Vary": "Origin",
        }
    )


for _path in PUPIL_PATHS:
    cors.add_route(preflight, _path, methods=["OPTIONS"], name="preflight" + _path.replace("/", "_"))


def register_cors(app: Sanic) -> None:
    app.blueprint(cors)

    @app.on_response
    async def allow_listed_origin(request: Request, response: HTTPResponse) -> None:
        if request.path in PUPIL_PATHS and request.method == "POST":
            response.headers["Vary"] = "Origin"
            origin = allowed_origin(request)
            if origin:
                response.headers["Access-Control-Allow-Origin"] = origin
