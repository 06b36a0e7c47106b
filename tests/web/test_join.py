"""The pupil's join page: the class it joined is named, no promise to ask the
age, and the demo page's code box finds a class by its typed code."""
from __future__ import annotations

import re

import pytest
import requests

from bot.store.classes import close_class, create_class
from tests.stack import get


@pytest.fixture(scope="module")
def teacher_identity(stack):
    from bot.store.teachers import add_teacher

    return add_teacher(f"sqlite:///{stack.database}", "join.tests@school.example", "a long join test passphrase")


def new_class(stack, teacher_identity, name: str, band: str = "8-10"):
    return create_class(f"sqlite:///{stack.database}", teacher_identity, name, band)


def test_the_join_page_names_the_class_and_does_not_say_kit_will_ask_the_age(stack, teacher_identity):
    made = new_class(stack, teacher_identity, "Year 4 <Oak>")
    status, _, page = get(f"{stack.url}/join/{made.code}")
    assert status == 200
    joined = re.search(r'id="kit-joined"[^>]*>(.*?)</p>', page).group(1)
    assert joined == "You joined the class Year 4 &lt;Oak&gt;."
    assert "asking how old you are" not in page and "ages 8 to 10, so Kit won't ask how old you are" in page
    assert 'id="kit-join-note"' not in page


def test_the_demo_page_has_a_class_code_box_and_says_kit_asks_the_age(stack):
    status, _, page = get(stack.url + "/")
    assert status == 200
    assert re.search(r'<form class="kit-join" id="kit-join" action="/join" method="get">', page)
    assert '<input id="kit-class-code" name="code"' in page and "asking how old you are" in page


def test_a_typed_code_goes_to_its_class_whatever_its_case_and_spaces(stack, teacher_identity):
    made = new_class(stack, teacher_identity, "Year 5 Ash")
    typed = " ".join([made.code[:3].lower(), made.code[3:]])
    answer = requests.get(f"{stack.url}/join", params={"code": typed}, allow_redirects=False, timeout=30)
    assert answer.status_code == 303 and answer.headers["Location"] == f"/join/{made.code}"


def test_a_wrong_or_closed_typed_code_says_so_and_the_chat_still_works(stack, teacher_identity):
    made = new_class(stack, teacher_identity, "Year 6 Elm")
    close_class(f"sqlite:///{stack.database}", teacher_identity, made.id)
    for typed, shown in [("zz99", "ZZ99"), (made.code, made.code), ("", "(none)"), ("<b>" * 20, "BBBBBBBBBBBB")]:
        answer = requests.get(f"{stack.url}/join", params={"code": typed}, allow_redirects=False, timeout=30)
        assert answer.status_code == 200
        note = re.search(r'id="kit-join-note"[^>]*>(.*?)</p>', answer.text).group(1)
        assert f"Kit can't find an open class with the code {shown}." in note.replace("&#x27;", "'")
        assert "0800 1111" in note and 'data-class-code=""' in answer.text
