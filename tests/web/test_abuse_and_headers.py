"""Abuse limits, CORS and security headers, against the real web app process.

The web app runs alone here (Rasa absent, so chats get the emergency reply),
with small limits and an allowlist set through the environment as in production.
"""
from __future__ import annotations

import re

import pytest

from bot.settings import load_settings
from bot.web.app import create_app
from bot.web.security import TEACHER_PATHS
from tests.stack import call, start_web

SCHOOL = "https://school.example"
PORTAL = "https://portal.school.example:8443"


@pytest.fixture(scope="module")
def web(tmp_path_factory):
    running = start_web(tmp_path_factory.mktemp("web"), {
        "KIT_RATE_SESSION_PER_MINUTE": "1", "KIT_RATE_SESSION_BURST": "3",
        "KIT_CORS_ORIGINS": f"{SCHOOL}, {PORTAL}",
        "KIT_FRAME_ANCESTORS": f"{SCHOOL} {PORTAL}",
    })
    yield running
    running.stop()


def new_session(web, headers=None) -> str:
    status, _, body = call("POST", web.url + "/api/session", {"age_band": "11-13"}, headers=headers)
    assert status == 200, body
    return body["session"]


def chat(web, session, text="hello", headers=None):
    return call("POST", web.url + "/api/chat", {"session": session, "text": text}, headers=headers)


def assert_kind_429(status, body):
    assert status == 429
    assert set(body) == {"error"} and "Childline" in body["error"] and "0800 1111" in body["error"]


def test_one_session_sending_too_fast_gets_a_kind_429_and_others_are_unaffected(web):
    session = new_session(web)
    assert [chat(web, session)[0] for _ in range(3)] == [200, 200, 200]
    status, _, body = chat(web, session)
    assert_kind_429(status, body)
    other = new_session(web)
    assert chat(web, other)[0] == 200


def test_one_address_sending_too_fast_gets_a_kind_429(tmp_path):
    web = start_web(tmp_path, {"KIT_RATE_ADDRESS_PER_MINUTE": "1", "KIT_RATE_ADDRESS_BURST": "4"})
    try:
        session = new_session(web)  # 1
        assert [chat(web, session)[0] for _ in range(3)] == [200, 200, 200]  # 2-4
        status, _, body = call("POST", web.url + "/api/session", {"age_band": "8-10"})
        assert_kind_429(status, body)
        assert call("GET", web.url + "/healthz")[0] != 429  # health checks are not limited
    finally:
        web.stop()


def test_an_allowed_origin_gets_cors_headers_on_preflight_and_post(web):
    for origin in (SCHOOL, PORTAL):
        status, headers, _ = call("OPTIONS", web.url + "/api/chat", headers={
            "Origin": origin, "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type"})
        assert status == 204
        assert headers["Access-Control-Allow-Origin"] == origin
        assert "POST" in headers["Access-Control-Allow-Methods"]
        assert headers["Vary"] == "Origin"
    status, headers, _ = call("POST", web.url + "/api/session", {"age_band": "8-10"}, headers={"Origin": SCHOOL})
    assert status == 200 and headers["Access-Control-Allow-Origin"] == SCHOOL


LOOK_ALIKES = [
    "https://school.example.evil.com",  # the unanchored-regex bypass (CVE-2026-37737)
    "https://evil-school.example",
    "https://school.exampl",
    "http://school.example",  # other scheme
    "https://school.example:444",  # other port
    "https://portal.school.example",  # allowed host, wrong port
    "https://sub.school.example",
    "null",
    "*",
]


@pytest.mark.parametrize("origin", LOOK_ALIKES)
def test_disallowed_and_look_alike_origins_get_no_cors_grant(web, origin):
    status, headers, body = call("OPTIONS", web.url + "/api/session", headers={
        "Origin": origin, "Access-Control-Request-Method": "POST"})
    assert status == 403 and "Access-Control-Allow-Origin" not in headers
    assert "Childline" in body["error"]
    status, headers, _ = call("POST", web.url + "/api/session", {"age_band": "8-10"}, headers={"Origin": origin})
    assert "Access-Control-Allow-Origin" not in headers


def get_paths():
    """Every GET page of the app without a path parameter, from its own router."""
    app = create_app(load_settings(), name="kit_routes_probe")
    paths = {"/" + route.path.lstrip("/") for route in app.router.routes
             if "GET" in route.methods and "<" not in route.path}
    return sorted(paths | {"/no-such-page"})


def test_every_page_has_the_security_headers_and_a_csp_without_unsafe_inline(web):
    checked = 0
    for path in get_paths():
        status, headers, body = call_raw(web.url + path)
        csp = headers.get("Content-Security-Policy", "")
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, path
        assert "default-src 'self'" in csp and "script-src 'self'" in csp and "style-src 'self'" in csp, path
        ancestors = re.search(r"frame-ancestors ([^;]*)", csp).group(1).split()
        assert ancestors == (["'none'"] if path.startswith(TEACHER_PATHS) else ["'self'", SCHOOL, PORTAL]), path
        assert headers.get("X-Content-Type-Options") == "nosniff", path
        assert headers.get("Referrer-Policy") == "no-referrer", path
        if headers.get("Content-Type", "").startswith("text/html"):
            assert_no_inline_code(path, body)
        checked += 1
    assert checked >= 5


def call_raw(url):
    import urllib.error
    import urllib.request
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, dict(response.headers), response.read().decode(errors="replace")
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode(errors="replace")


def assert_no_inline_code(path, html):
    """What the CSP would block must not be on the page at all."""
    for script in re.findall(r"<script\b[^>]*>", html, re.I):
        assert "src=" in script, (path, script)
    assert not re.search(r"<style\b", html, re.I), path
    assert not re.search(r"\sstyle\s*=", html, re.I), path
    assert not re.search(r"\son[a-z]+\s*=", html, re.I), path
    assert "javascript:" not in html.lower(), path


@pytest.mark.parametrize("setting,value", [
    ("KIT_FRAME_ANCESTORS", "*"),
    ("KIT_FRAME_ANCESTORS", "https://school.example;script-src"),
    ("KIT_CORS_ORIGINS", "https://*.school.example"),
    ("KIT_CORS_ORIGINS", "school.example"),
])
def test_a_malformed_allowlist_stops_start_up_with_a_clear_message(tmp_path, setting, value):
    with pytest.raises(RuntimeError, match=setting):
        start_web(tmp_path, {setting: value}).stop()


@pytest.mark.parametrize("origin", LOOK_ALIKES + ["https://evil.example"])
def test_a_plain_cross_origin_post_from_a_site_not_allowed_changes_nothing(web, origin):
    """No preflight needed for a text/plain POST: the Origin check must be on the POST itself."""
    headers = {"Origin": origin, "Content-Type": "text/plain"}
    status, _, body = call("POST", web.url + "/api/session", {"age_band": "8-10"}, headers=headers)
    assert status == 403 and "session" not in body and "Childline" in body["error"]
    session = new_session(web)
    status, _, body = chat(web, session, headers=headers)
    assert status == 403 and "replies" not in body


def test_same_origin_allowed_origins_and_no_origin_may_post(web):
    for headers in ({}, {"Origin": web.url}, {"Origin": SCHOOL}, {"Origin": PORTAL}):
        assert chat(web, new_session(web, headers), headers=headers)[0] == 200, headers


@pytest.mark.parametrize("raw", [
    b"[" * 5000 + b"]" * 5000,
    b'{"a":' * 2500 + b"1" + b"}" * 2500,
    b'{"age_band": "8-10", "x": ' + b"[" * 3000 + b"]" * 3000 + b"}",
])
def test_deeply_nested_json_is_a_400_sentence(web, raw):
    for path in ("/api/session", "/api/chat", "/api/teacher/login"):
        status, _, body = call("POST", web.url + path, raw=raw)
        assert status == 400 and "nested" in body["error"], (path, status, body)


@pytest.mark.parametrize("origin,allowed", [
    (SCHOOL, True), (PORTAL, True), ("https://school.example.evil.com", False), ("null", False),
])
def test_any_page_can_ask_whether_its_own_origin_may_use_kit(web, origin, allowed):
    """So the widget on a site not yet allowed can say which setting to change,
    instead of telling a child to check their internet (the answer says nothing
    the frame-ancestors header on every pupil page does not already say)."""
    status, headers, body = call("GET", web.url + "/api/embed-check", headers={"Origin": origin})
    assert status == 200 and body == {"allowed": allowed, "frame": allowed}
    assert headers["Access-Control-Allow-Origin"] == "*" and headers["Cache-Control"] == "no-store"


def test_kits_own_pages_and_clients_without_an_origin_are_allowed(web):
    assert call("GET", web.url + "/api/embed-check")[2] == {"allowed": True, "frame": True}
    assert call("GET", web.url + "/api/embed-check", headers={"Origin": web.url})[2] == {"allowed": True, "frame": True}


def test_the_check_tells_the_chat_frame_apart_from_the_api(tmp_path):
    web = start_web(tmp_path, {"KIT_FRAME_ANCESTORS": SCHOOL})
    try:
        answer = call("GET", web.url + "/api/embed-check", headers={"Origin": SCHOOL})[2]
    finally:
        web.stop()
    assert answer == {"allowed": False, "frame": True}
