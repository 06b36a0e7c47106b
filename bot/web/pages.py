"""The demo page, the privacy note, the widget's static files, and the teacher pages' scripts and styles."""
from __future__ import annotations

from sanic import Blueprint
from sanic.request import Request
from sanic.response import HTTPResponse, file, html

from bot import paths
from bot.web.help_text import index_page
from bot.web.privacy_note import privacy_page
from bot.web.static_files import cached_file_handler
from bot.web.widget_help import widget_js

pages = Blueprint("pages")

STATIC = {
    "/favicon.svg": ("favicon.svg", "image/svg+xml"),
    "/teacher/teacher.css": ("teacher/teacher.css", "text/css; charset=utf-8"),
    "/teacher/teacher.js": ("teacher/teacher.js", "application/javascript; charset=utf-8"),
    "/teacher/login.js": ("teacher/login.js", "application/javascript; charset=utf-8"),
    "/teacher/classes.js": ("teacher/classes.js", "application/javascript; charset=utf-8"),
    "/teacher/dashboard.js": ("teacher/dashboard.js", "application/javascript; charset=utf-8"),
    "/teacher/alerts.js": ("teacher/alerts.js", "application/javascript; charset=utf-8"),
    "/teacher/account.js": ("teacher/account.js", "application/javascript; charset=utf-8"),
    "/api/openapi.json": ("openapi.json", "application/json"),
}


def _serve(name: str, mime: str):
    async def handler(request: Request) -> HTTPResponse:
        return await file(paths.WEB / name, mime_type=mime)

    return handler


for route, (name, mime) in STATIC.items():
    pages.add_route(_serve(name, mime), route, methods=["GET"], name=name.replace(".", "_").replace("/", "_"))


@pages.get("/", name="index_html")
async def index(request: Request) -> HTTPResponse:
    """The demo page, its no-JavaScript note naming this deployment's routes."""
    return html(index_page(request.app.ctx.settings.locale))


@pages.get("/chat-frame", name="chat_frame_html")
async def chat_frame(request: Request) -> HTTPResponse:
    """The chat as a school's page shows it: in a frame on Kit's own origin, so
    the school page's scripts cannot read it. Framed only by Kit itself and
    KIT_FRAME_ANCESTORS (bot/web/security.py); its settings are in its address."""
    return html((paths.WEB / "frame.html").read_text(encoding="utf-8"))


@pages.get("/privacy", name="privacy_html")
async def privacy(request: Request) -> HTTPResponse:
    """What Kit keeps, for each age band (the widget links here)."""
    return html(privacy_page(request.app.ctx.settings))


def _widget_bytes(request: Request) -> bytes:
    return widget_js(request.app.ctx.settings.locale).encode("utf-8")


# What every school page loads: gzip, Cache-Control, an ETag, HEAD like GET
# (bot/web/static_files.py). widget.js carries this deployment's helpline.
pages.add_route(cached_file_handler(_widget_bytes, "application/javascript; charset=utf-8"),
                "/widget.js", methods=["GET", "HEAD"], name="widget_js")
pages.add_route(cached_file_handler(lambda _request: (paths.WEB / "widget.css").read_bytes(), "text/css; charset=utf-8"),
                "/widget.css", methods=["GET", "HEAD"], name="widget_css")
