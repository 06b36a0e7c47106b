"""The teacher pages are served with a strict CSP: scripts and styles come from
files on this site, never inline, never from a CDN."""
from __future__ import annotations

import re

import pytest
import requests

PAGES = ["/teacher/login", "/teacher", "/teacher/", "/teacher/classes/1", "/teacher/alerts", "/teacher/account"]
ASSETS = ["/teacher/teacher.css", "/teacher/teacher.js", "/teacher/login.js", "/teacher/classes.js", "/teacher/dashboard.js",
          "/teacher/alerts.js", "/teacher/account.js"]


@pytest.mark.parametrize("path", PAGES)
def test_each_page_uses_only_its_own_files_and_no_inline_code(web, path):
    response = requests.get(web.url + path, timeout=30)
    assert response.status_code == 200 and response.headers["Content-Type"].startswith("text/html")
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    page = response.text
    assert re.findall(r"<script(?![^>]*\bsrc=)", page) == []
    assert "<style" not in page and " style=" not in page and not re.search(r"\son[a-z]+=", page)
    for src in re.findall(r'(?:src|href)="([^"]+)"', page):
        assert src.startswith(("/", "#")), src
    assert '<main id="main">' in page and "<h1" in page and 'lang="en-GB"' in page


def test_labels_point_at_their_fields(web):
    for path in PAGES:
        page = requests.get(web.url + path, timeout=30).text
        for target in re.findall(r'<label for="([^"]+)"', page):
            assert f'id="{target}"' in page, (path, target)


@pytest.mark.parametrize("path", ASSETS)
def test_the_scripts_and_styles_are_served(web, path):
    response = requests.get(web.url + path, timeout=30)
    assert response.status_code == 200 and len(response.text) > 200
    assert "http://" not in response.text.replace("http://www.w3.org/2000/svg", "")
    assert "https://" not in response.text


def test_the_content_preview_is_only_for_signed_in_teachers(web):
    assert web.anonymous().get("/preview/").status_code == 401
    teacher = web.new_teacher()
    index = teacher.get("/preview/")
    assert index.status_code == 200 and index.headers["Content-Type"].startswith("text/html")
    responses = teacher.get("/preview/responses.html")
    assert responses.status_code == 200 and "utter_danger_first" in responses.text
    assert teacher.get("/preview/preview.css").status_code == 200
    assert teacher.get("/preview/..%2Fdomain.yml").status_code == 404
    assert teacher.post("/preview/").status_code == 405
