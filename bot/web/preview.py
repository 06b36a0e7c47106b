"""The content preview (`python -m bot content preview`), served read-only.

Only for signed-in teachers and content designers: `create_app` passes the
teacher sign-in check as `guard`. The launcher writes the site on start-up
(KIT_PREVIEW_DIR, default preview/).
"""
from __future__ import annotations

import mimetypes
from pathlib import Path
from typing import Awaitable, Callable, Optional

from sanic import Blueprint
from sanic.request import Request
from sanic.response import HTTPResponse, file

from bot.web.errors import ApiError

# Answers whether this request comes from a signed-in teacher or designer.
Guard = Callable[[Request], Awaitable[bool]]
TYPES = {".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8"}


def preview_file(directory: Path, name: str) -> Optional[Path]:
    """The file to serve for a request path, or None: only .html and .css
    files directly inside the preview folder, never anything outside it."""
    name = name or "index.html"
    if "/" in name or "\\" in name or name.startswith("."):
        return None
    path = (directory / name).resolve()
    if path.parent != directory.resolve() or path.suffix not in TYPES or not path.is_file():
        return None
    return path


def preview_blueprint(directory: Path, guard: Guard, url_prefix: str = "/preview") -> Blueprint:
    """GET-only pages of a generated preview site, behind `guard`."""
    blueprint = Blueprint("preview", url_prefix=url_prefix)

    async def serve(request: Request, name: str = "") -> HTTPResponse:
        if not await guard(request):
            raise ApiError("Please sign in as a teacher to see the content preview.", 401)
        path = preview_file(directory, name)
        if path is None:
            raise ApiError("That page is not part of the preview. Run: python -m bot content preview", 404)
        response = await file(path, mime_type=TYPES.get(path.suffix) or mimetypes.guess_type(path.name)[0])
        response.headers["Cache-Control"] = "no-store"
        return response

    blueprint.add_route(serve, "/", methods=["GET"], name="preview_index")
    blueprint.add_route(serve, "/<name:str>", methods=["GET"], name="preview_file")
    return blueprint
