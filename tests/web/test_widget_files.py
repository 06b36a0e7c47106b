"""widget.js and widget.css as a school's page fetches them: gzip when asked,
cache headers and an ETag (a repeat visit revalidates with 304), HEAD like GET."""
from __future__ import annotations

import gzip
import urllib.error
import urllib.request

import pytest

from bot.web.widget_help import widget_js
from bot import paths
from tests.stack import start_web

FILES = {"/widget.js": lambda: widget_js("uk").encode(), "/widget.css": lambda: (paths.WEB / "widget.css").read_bytes()}


@pytest.fixture(scope="module")
def web(tmp_path_factory):
    running = start_web(tmp_path_factory.mktemp("widget-files"))
    yield running
    running.stop()


def fetch(url: str, method: str = "GET", **headers):
    request = urllib.request.Request(url, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


@pytest.mark.parametrize("path", FILES)
def test_served_gzipped_when_the_browser_accepts_it(web, path):
    status, headers, body = fetch(web.url + path, **{"Accept-Encoding": "gzip, deflate, br"})
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(body) == FILES[path]()
    assert len(body) < len(FILES[path]()) / 3
    assert "Accept-Encoding" in headers["Vary"]


@pytest.mark.parametrize("path", FILES)
def test_plain_for_a_client_that_does_not_accept_gzip(web, path):
    status, headers, body = fetch(web.url + path)
    assert status == 200 and "Content-Encoding" not in headers and body == FILES[path]()


@pytest.mark.parametrize("path", FILES)
def test_cache_headers_and_an_etag_that_revalidates(web, path):
    _, headers, _ = fetch(web.url + path, **{"Accept-Encoding": "gzip"})
    etag = headers["ETag"]
    assert etag.startswith('"') and etag.endswith('"')
    assert "max-age=" in headers["Cache-Control"] and "public" in headers["Cache-Control"]
    status, again, body = fetch(web.url + path, **{"Accept-Encoding": "gzip", "If-None-Match": etag})
    assert status == 304 and body == b"" and again["ETag"] == etag
    status, _, body = fetch(web.url + path, **{"If-None-Match": '"not-this-one"'})
    assert status == 200 and body == FILES[path]()


@pytest.mark.parametrize("path", FILES)
@pytest.mark.parametrize("encoding", ["", "gzip"])
def test_head_answers_like_get_without_the_body(web, path, encoding):
    asked = {"Accept-Encoding": encoding} if encoding else {}
    got_status, got, _ = fetch(web.url + path, **asked)
    head_status, head, body = fetch(web.url + path, method="HEAD", **asked)
    assert head_status == got_status == 200 and body == b""
    for name in ("Content-Type", "Content-Length", "Content-Encoding", "ETag", "Cache-Control", "Vary",
                 "Content-Security-Policy"):
        assert head.get(name) == got.get(name), name
