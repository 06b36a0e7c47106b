"""The teacher pages: each is web/teacher/<page>.html (the page's main content)
inside web/teacher/layout.html. Their scripts fetch everything through the
teacher API and send a signed-out teacher to the sign-in page."""
from __future__ import annotations

import functools

from sanic import Blueprint
from sanic.request import Request
from sanic.response import HTTPResponse, html

from bot import paths
from bot.route_words import fill
from bot.routes import DEFAULT_LOCALE

teacher_pages = Blueprint("teacher_pages")

TEACHER_WEB = paths.WEB / "teacher"
ACCOUNT = (
    '  <nav aria-label="Account">\n'
    '    <a id="dsl-link" href="/teacher/alerts" hidden>School alerts</a>\n'
    '    <a href="/teacher/account">Your account</a>\n'
    '  </nav>\n'
    '  <p id="signed-in-as"></p>\n  <button id="logout" type="button">Sign out</button>'
)

# route -> (page, title, shows the signed-in teacher and a sign-out button)
PAGES = {
    "/teacher/login": ("login", "Sign in", False),
    "/teacher": ("classes", "Your classes", True),
    "/teacher/classes/<class_id:int>": ("dashboard", "Class dashboard", True),
    "/teacher/alerts": ("alerts", "Safeguarding alerts", True),
    "/teacher/account": ("account", "Your account", True),
}


@functools.lru_cache(maxsize=None)
def render(page: str, title: str, account: bool, locale: str = DEFAULT_LOCALE) -> str:
    """The page in the layout. Its guidance names services as {childline},
    {ceop}, {emergency_number}: filled in with the locale's own."""
    layout = (TEACHER_WEB / "layout.html").read_text(encoding="utf-8")
    main = (TEACHER_WEB / f"{page}.html").read_text(encoding="utf-8").rstrip("\n")
    parts = {
        "{{title}}": title,
        "{{page}}": page,
        "{{account}}": ACCOUNT if account else "",
        "{{main}}": fill(main, locale),
    }
    for marker, value in parts.items():
        layout = layout.replace(marker, value)
    return layout


def _page(page: str, title: str, account: bool):
    async def handler(request: Request, **_path) -> HTTPResponse:
        return html(render(page, title, account, request.app.ctx.settings.locale))

    return handler


for route, (page, title, account) in PAGES.items():
    teacher_pages.add_route(_page(page, title, account), route, methods=["GET"], name=f"teacher_{page}")
