"""What a teacher does on the teacher pages, as browser steps (shared by the
tests), and a reading of the join QR code's SVG without a QR decoder."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from typing import Callable, List, Optional, Set, Tuple

import segno
from playwright.sync_api import expect

Modules = Set[Tuple[int, int]]


def sign_in(desk, stack, teacher, axe: Optional[Callable] = None, **options):
    """Signs the teacher in on a fresh tab; returns the page (the class list).
    Given `axe`, the sign-in page is screenshotted and checked on the way.
    `options` go to Tab.open (e.g. timezone_id)."""
    email, password, _ = teacher
    desk.allow_cookies()  # the teacher's sign-in session; pupils never get one
    page = desk.open(stack.url + "/teacher/login", **options)
    if axe:
        desk.shot("sign in")
        assert axe(page) == []
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(stack.url + "/teacher")
    return page


def make_class(desk, stack, name: str, age_band: str = "11-13", axe: Optional[Callable] = None) -> str:
    """Makes a class on the class list and waits for its dashboard; returns
    the class code. Given `axe`, the filled-in form is checked on the way."""
    page = desk.page
    page.get_by_label("Class name").fill(name)
    page.get_by_label("Age band").select_option(age_band)
    if axe:
        desk.shot("classes page, a new class filled in")
        assert axe(page) == []
    page.get_by_role("button", name="Make class").click()
    page.wait_for_url(f"{stack.url}/teacher/classes/*")
    expect(page.locator("#class-code")).not_to_be_empty()
    return page.locator("#class-code").inner_text()


def confirm(page, button: str, accept: bool = True) -> str:
    """Presses the button, answers the browser's confirm() and returns its
    question; fails if no confirmation was asked."""
    asked: List[str] = []

    def answer(dialog) -> None:
        asked.append(f"{dialog.type}: {dialog.message}")
        dialog.accept() if accept else dialog.dismiss()

    page.once("dialog", answer)
    page.get_by_role("button", name=button).click()
    assert len(asked) == 1 and asked[0].startswith("confirm: "), asked
    return asked[0][len("confirm: "):]


def shown_qr(page) -> str:
    """The src of the dashboard's join QR code, once the <img> has loaded and
    drawn it (a broken image has no natural width)."""
    page.wait_for_function("() => document.getElementById('join-qr').complete")
    assert page.locator("#join-qr").evaluate("img => img.naturalWidth") > 0
    return page.locator("#join-qr").evaluate("img => img.src")


def qr_modules(svg: str) -> Modules:
    """The dark modules drawn by a segno SVG (one path of horizontal runs:
    an absolute M, then relative h and m), as (column, row) from the top-left
    finder pattern, whatever the scale, quiet zone or title."""
    paths = [e for e in ElementTree.fromstring(svg).iter() if e.tag.endswith("path")]
    assert len(paths) == 1, svg[:300]
    x = y = 0.0
    dark: Modules = set()
    for command, numbers in re.findall(r"([MmHh])([^MmHh]*)", paths[0].get("d")):
        values = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", numbers)]
        if command == "M":
            x, y = values
        elif command == "m":
            x, y = x + values[0], y + values[1]
        else:
            length = values[0] if command == "h" else values[0] - x
            dark |= {(int(x) + i, int(y)) for i in range(int(length))}
            x += length
    left, top = min(c for c, _ in dark), min(r for _, r in dark)
    return {(c - left, r - top) for c, r in dark}


def qr_encodes(svg: str, text: str) -> bool:
    """Whether the SVG is the QR code segno makes for `text` at some error
    correction level: the module pattern is deterministic for the text, so
    this proves what it encodes without decoding it."""
    drawn = qr_modules(svg)
    for level in "lmqh":
        matrix = segno.make(text, error=level).matrix
        expected = {(c, r) for r, row in enumerate(matrix) for c, bit in enumerate(row) if bit}
        if drawn == expected:
            return True
    return False
