"""Files a school's page fetches on every visit (widget.js, widget.css), served
small and cacheable: gzip when the browser accepts it, Cache-Control and a
strong ETag (a repeat visit revalidates with a 304 and no body), HEAD like GET.

The bytes are fixed for the life of the process (widget.js is written once
with the locale's helpline), so each file is compressed and hashed once.
"""
from __future__ import annotations

import gzip
import hashlib
from typing import Callable, Dict

from sanic.request import Request
from sanic.response import HTTPResponse

# Short enough that a fix to the widget reaches schools within the hour; the
# ETag makes every later check a 304 without the body.
CACHE_CONTROL = "public, max-age=3600"


class CachedFile:
    def __init__(self, body: bytes, content_type: str) -> None:
        self.body = body
        self.gzipped = gzip.compress(body, compresslevel=9, mtime=0)  # mtime=0: the same bytes every start
        self.content_type = content_type
        self.etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'

    def response(self, request: Request) -> HTTPResponse:
        headers = {"ETag": self.etag, "Cache-Control": CACHE_CONTROL, "Vary": "Accept-Encoding"}
        wanted = _etags(request.headers.get("if-none-match", ""))
        if self.etag in wanted or "*" in wanted:
            return HTTPResponse(status=304, headers=headers)
        body = self.body
        if _accepts_gzip(request.headers.get("accept-encoding", "")):
            body = self.gzipped
            headers["Content-Encoding"] = "gzip"
        # Content-Length set here so that HEAD (Sanic sends no body) tells the size GET would send.
        headers["Content-Length"] = str(len(body))
        return HTTPResponse(body=body, headers=headers, content_type=self.content_type)


def _etags(header: str):
    return {tag.strip().removeprefix("W/") for tag in header.split(",") if tag.strip()}


def _accepts_gzip(header: str) -> bool:
    for part in header.split(","):
        name, _, params = part.strip().partition(";")
        if name.strip().lower() in ("gzip", "*"):
            return params.replace(" ", "").lower() not in ("q=0", "q=0.0", "q=0.00", "q=0.000")
    return False


def cached_file_handler(load: Callable[[Request], bytes], content_type: str) -> Callable:
    """A GET/HEAD handler serving load(request)'s bytes, read once per app."""
    cache: Dict[str, CachedFile] = {}

    async def handler(request: Request) -> HTTPResponse:
        if request.app.name not in cache:
            cache[request.app.name] = CachedFile(load(request), content_type)
        return cache[request.app.name].response(request)

    return handler
