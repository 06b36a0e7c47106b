"""Odd input to the teacher API gets a 4xx sentence on either database, never a 500."""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("body", [
    {"email": "a\u0000b@school.example", "password": "correct horse battery staple"},
    {"email": "teacher@school.example", "password": "nul\u0000in the password"},
    {"email": "\ud800@school.example", "password": "x" * 20},
])
def test_odd_logins(web, body):
    response = web.anonymous().http.post(web.url + "/api/teacher/login", json=body)
    assert 400 <= response.status_code < 500 and isinstance(response.json()["error"], str)


@pytest.mark.parametrize("name", ["Year\u00007", "\u0000", "tab\there"])
def test_odd_class_names(web, name):
    response = web.new_teacher().post("/api/teacher/classes", {"name": name, "age_band": "8-10"})
    assert response.status_code in (201, 400), response.text


@pytest.mark.parametrize("path", [
    "/api/teacher/classes/99999999999999999999",
    "/api/teacher/classes/2147483648/topics",
    "/api/teacher/classes/abc",
    "/api/teacher/classes/-1/alerts",
])
def test_odd_class_ids(web, path):
    response = web.new_teacher().get(path)
    assert response.status_code == 404 and isinstance(response.json()["error"], str)


def test_an_odd_alert_id(web):
    teacher = web.new_teacher()
    class_id = teacher.new_class()["id"]
    response = teacher.post(f"/api/teacher/classes/{class_id}/alerts/99999999999999/acknowledge")
    assert response.status_code == 404


def test_an_odd_class_code_from_a_pupil(web):
    import requests

    for code in ("AB\u0000CD", "9" * 5000):
        response = requests.post(web.url + "/api/session", json={"age_band": "8-10", "class_code": code}, timeout=30)
        assert response.status_code == 400, response.text


@pytest.mark.parametrize("days", ["\u00b2", "\u0661\u0662", "\uff17", "7\u00b2", "\U0001d7d5"])
def test_unicode_digits_in_days_are_a_400_sentence(web, days):
    teacher = web.new_teacher()
    class_id = teacher.new_class()["id"]
    # topic and story choice counts come in calendar weeks only: any `days` is refused with a sentence
    for path in ("topics", "topics.csv", "scenarios/skins_new_app/choices"):
        response = teacher.get(f"/api/teacher/classes/{class_id}/{path}", params={"days": days})
        assert response.status_code == 400 and "week" in response.json()["error"], (days, path)


def test_deeply_nested_json_to_teacher_endpoints_is_a_400_sentence(web):
    teacher = web.new_teacher()
    nested = b"[" * 5000 + b"]" * 5000
    headers = {"Content-Type": "application/json", "X-CSRF-Token": teacher.csrf}
    for path in ("/api/teacher/login", "/api/teacher/classes"):
        response = teacher.http.post(web.url + path, data=nested, headers=headers, timeout=30)
        assert response.status_code == 400 and "nested" in response.json()["error"], path
