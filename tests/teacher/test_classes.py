"""A teacher makes a class, pupils join by code or link, codes rotate and close;
CSRF and ownership guard every change."""
from __future__ import annotations

import re

import pytest
import requests

from bot.store.classes import CODE_ALPHABET, CODE_LENGTH


def pupil_session(web, code):
    return requests.post(web.url + "/api/session", json={"age_band": "11-13", "class_code": code}, timeout=30)


def test_a_new_class_has_a_short_readable_code_and_a_join_link(web):
    teacher = web.new_teacher()
    created = teacher.new_class("Year 7 Blue", "8-10")
    assert set(created) >= {"id", "code", "join_url"}
    assert re.fullmatch(f"[{CODE_ALPHABET}]{{{CODE_LENGTH}}}", created["code"])
    assert not set(created["code"]) & set("0O1IL")
    assert created["join_url"] == f"{web.url}/join/{created['code']}"
    listed = teacher.get("/api/teacher/classes").json()["classes"]
    assert [(c["id"], c["name"], c["age_band"], c["closed"]) for c in listed] == [(created["id"], "Year 7 Blue", "8-10", False)]


def test_the_join_link_opens_the_pupil_chat_in_that_class_and_age_band(web):
    created = web.new_teacher().new_class("8C", "14-18")
    page = requests.get(created["join_url"], timeout=30)
    assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")
    assert f'data-class-code="{created["code"]}" data-age-band="14-18"' in page.text
    assert "<script>" not in page.text  # the CSP allows no inline script
    typed = requests.get(f"{web.url}/join/{created['code'].lower()}", timeout=30)
    assert f'data-class-code="{created["code"]}"' in typed.text


def test_the_qr_code_is_an_svg_of_the_join_link(web):
    teacher = web.new_teacher()
    created = teacher.new_class()
    response = teacher.get(f"/api/teacher/classes/{created['id']}/qr.svg")
    assert response.status_code == 200 and response.headers["Content-Type"] == "image/svg+xml"
    assert response.text.lstrip().startswith(("<?xml", "<svg")) and "<path" in response.text


def test_rotating_gives_a_new_code_and_the_old_one_stops_working(web):
    teacher = web.new_teacher()
    created = teacher.new_class()
    rotated = teacher.post(f"/api/teacher/classes/{created['id']}/rotate")
    assert rotated.status_code == 200
    assert rotated.json()["code"] != created["code"] and rotated.json()["id"] == created["id"]
    old = pupil_session(web, created["code"])
    assert old.status_code == 400 and old.json()["error"].startswith("This class code is not open")


def test_a_closed_code_answers_the_pupil_kindly_with_childline(web):
    teacher = web.new_teacher()
    created = teacher.new_class()
    closed = teacher.post(f"/api/teacher/classes/{created['id']}/close")
    assert closed.status_code == 200 and closed.json()["closed"] is True
    answer = pupil_session(web, created["code"])
    assert answer.status_code == 400  # the same answer as an unknown code (tests/web/test_class_codes.py)
    assert "not open" in answer.json()["error"] and "Childline" in answer.json()["error"] and "0800 1111" in answer.json()["error"]
    page = requests.get(created["join_url"], timeout=30).text
    assert 'data-class-code=""' in page and "0800 1111" in page and 'id="kit-join-note"' in page
    reopened = teacher.post(f"/api/teacher/classes/{created['id']}/rotate").json()
    assert reopened["closed"] is False


def test_a_closed_code_has_no_qr_code_until_a_new_code_reopens_the_class(web):
    teacher = web.new_teacher()
    created = teacher.new_class()
    qr = f"/api/teacher/classes/{created['id']}/qr.svg"
    teacher.post(f"/api/teacher/classes/{created['id']}/close")
    refused = teacher.get(qr)
    assert refused.status_code == 409 and "closed" in refused.json()["error"] and "new code" in refused.json()["error"]
    reopened = teacher.post(f"/api/teacher/classes/{created['id']}/rotate").json()
    assert reopened["closed"] is False and reopened["code"] != created["code"]
    again = teacher.get(qr)
    assert again.status_code == 200 and again.headers["Content-Type"] == "image/svg+xml"


def test_an_unknown_join_link_still_opens_the_chat_with_a_kind_note(web):
    for code in ("NOPE99", "<script>", "x" * 40):
        page = requests.get(f"{web.url}/join/{code}", timeout=30)
        assert page.status_code == 200 and "0800 1111" in page.text and "<script>" not in page.text.split("<body")[1]


@pytest.mark.parametrize("body", [{}, {"name": "", "age_band": "11-13"}, {"name": "7B"}, {"name": "7B", "age_band": "12"},
                                  {"name": 7, "age_band": "11-13"}, {"name": "x" * 121, "age_band": "11-13"}, [1, 2]])
def test_bad_class_details_get_a_400_sentence(web, body):
    teacher = web.new_teacher()
    response = teacher.post("/api/teacher/classes", body)
    assert response.status_code == 400 and isinstance(response.json()["error"], str)


def test_state_changes_without_the_right_csrf_token_are_refused(web):
    teacher = web.new_teacher()
    created = teacher.new_class()
    for csrf in ("", "wrong-token"):
        for path, body in (("/api/teacher/classes", {"name": "x", "age_band": "8-10"}),
                           (f"/api/teacher/classes/{created['id']}/rotate", None),
                           (f"/api/teacher/classes/{created['id']}/close", None),
                           ("/api/teacher/logout", None)):
            response = teacher.post(path, body, csrf=csrf)
            assert response.status_code == 403 and "security token" in response.json()["error"], (path, csrf)
    another = web.new_teacher()
    assert teacher.post("/api/teacher/classes", {"name": "x", "age_band": "8-10"}, csrf=another.csrf).status_code == 403
    assert teacher.get("/api/teacher/me").status_code == 200  # still signed in: logout was refused too


def test_a_request_from_another_site_is_refused(web):
    teacher = web.new_teacher()
    response = teacher.post("/api/teacher/classes", {"name": "x", "age_band": "8-10"}, headers={"Origin": "https://evil.example"})
    assert response.status_code == 403


def test_another_teachers_class_answers_404_and_an_admin_sees_every_class(web):
    owner, stranger, admin = web.new_teacher(), web.new_teacher(), web.new_teacher(is_admin=True)
    created = owner.new_class("Owner's class")
    base = f"/api/teacher/classes/{created['id']}"
    for path in (base, base + "/topics", base + "/topics.csv", base + "/alerts", base + "/qr.svg"):
        response = stranger.get(path)
        assert response.status_code == 404 and "error" in response.json(), path
        assert admin.get(path).status_code == 200, path
    for path in (base + "/rotate", base + "/close", base + "/alerts/1/acknowledge"):
        assert stranger.post(path).status_code == 404, path
    assert created["id"] not in [c["id"] for c in stranger.get("/api/teacher/classes").json()["classes"]]
    assert created["id"] in [c["id"] for c in admin.get("/api/teacher/classes").json()["classes"]]
    assert owner.get(base).json()["code"] == created["code"]  # the stranger changed nothing
    assert stranger.get("/api/teacher/classes/999999").status_code == 404


def as_host(teacher, host: str) -> dict:
    """The cookie jar matches cookies on the Host header, so the forged request carries it by hand."""
    return {"Host": host, "Cookie": f"kit_teacher={teacher.http.cookies['kit_teacher']}"}


@pytest.mark.parametrize("host", ["evil.example", "kit.school.example.evil.com:8000", "10.0.0.5:8000"])
def test_without_a_public_url_another_host_header_gets_no_join_link_or_qr(web, host):
    """A forged Host must not put an attacker's address on the board (KIT_PUBLIC_URL is empty here)."""
    teacher = web.new_teacher()
    created = teacher.new_class()
    forged = as_host(teacher, host)
    for answer in (teacher.get(f"/api/teacher/classes/{created['id']}", headers=forged).json(),
                   teacher.get("/api/teacher/classes", headers=forged).json()["classes"][0]):
        assert answer["join_url"] is None and answer["code"] == created["code"], answer
    qr = teacher.get(f"/api/teacher/classes/{created['id']}/qr.svg", headers=forged)
    assert qr.status_code == 409 and "KIT_PUBLIC_URL" in qr.json()["error"]


def test_on_this_machine_localhost_gets_a_join_link_without_configuration(web):
    teacher = web.new_teacher()
    created = teacher.new_class()
    port = web.url.rsplit(":", 1)[1]
    for host in (f"localhost:{port}", f"127.0.0.1:{port}", f"[::1]:{port}"):
        answer = teacher.get(f"/api/teacher/classes/{created['id']}", headers=as_host(teacher, host)).json()
        assert answer["join_url"] == f"http://{host}/join/{created['code']}"
