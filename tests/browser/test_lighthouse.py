"""Lighthouse's accessibility and best-practice audits (issue 22) on the pages
a pupil and a teacher arrive at, against the real stack. axe already runs on
each view in the other browser tests; Lighthouse adds the page as a whole
(title, language, zoom, console errors, deprecated APIs, HTTPS, doctype).

One Node process (tests/browser/lighthouse_audit.mjs) starts Debian's
Chromium once and audits every page in turn; lighthouse is pinned in
package-lock.json and installed by scripts/browser_deps.sh. Each page's
Lighthouse report: tests/artifacts/test_lighthouse/NN.html (NN in the order
of pages() below, named in a failure).
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from urllib.parse import urlencode

import pytest

from bot import paths
from bot.store.classes import create_class
from bot.store.teachers import add_teacher
from tests.browser.conftest import ARTIFACTS, CHROMIUM

AUDIT_SCRIPT = paths.ROOT / "tests" / "browser" / "lighthouse_audit.mjs"
LIGHTHOUSE = paths.ROOT / "node_modules" / "lighthouse" / "package.json"
BANDS = ("8-10", "11-13", "14-18")
# Every browser test fails on a console error (conftest.Tab); Lighthouse's
# audit of it must pass too, whatever the category score. The same for a
# request to anything but this machine (lighthouse_audit.mjs lists them).
ALWAYS = {"errors-in-console"}


def pages(stack, school) -> dict:
    """name -> URL: the demo page (Kit asks the age band); a class's join
    link for each age band (Kit knows the band); the chat frame as a school
    page shows it inline (youngest band) and behind its launcher; what Kit
    keeps; the teacher sign-in page."""
    found = {"demo page": stack.url + "/"}
    # Its own teacher, so the shared one's class list stays as its tests expect.
    database = f"sqlite:///{stack.database}"
    teacher = add_teacher(database, "lighthouse@school.example", "a long lighthouse test passphrase")
    for band in BANDS:
        joined = create_class(database, teacher, f"Lighthouse {band}", band)
        found[f"join page, {band}"] = f"{stack.url}/join/{joined.code}"
    frame = stack.url + "/chat-frame?"
    found["chat frame, inline, 8-10"] = frame + urlencode({"position": "inline", "host": school.origin, "age-band": "8-10"})
    found["chat frame, launcher's panel"] = frame + urlencode({"position": "panel", "host": school.origin})
    found["what Kit keeps"] = stack.url + "/privacy"
    found["teacher sign-in"] = stack.url + "/teacher/login"
    return found


def audit(urls: list) -> list:
    if not LIGHTHOUSE.exists():
        pytest.fail(f"{LIGHTHOUSE.parent} is missing. Run `bash scripts/browser_deps.sh` "
                    "(npm ci installs lighthouse from package-lock.json).", pytrace=False)
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is missing. Run `bash scripts/browser_deps.sh` (it installs npm, and node with it).", pytrace=False)
    reports = ARTIFACTS / "test_lighthouse"
    shutil.rmtree(reports, ignore_errors=True)
    reports.mkdir(parents=True)
    done = subprocess.run(
        [node, str(AUDIT_SCRIPT), str(reports), *urls], capture_output=True, text=True, timeout=180,
        env=dict(os.environ, CHROME_PATH=str(CHROMIUM)), cwd=paths.ROOT,
    )
    assert done.returncode == 0, f"lighthouse failed (exit {done.returncode}):\n{done.stderr[-3000:]}"
    return json.loads(done.stdout)


def test_lighthouse_accessibility_and_best_practices(stack, school):
    named = pages(stack, school)
    problems = []
    for number, (name, result) in enumerate(zip(named, audit(list(named.values()))), start=1):
        scores = result["scores"]
        page = f"{name} ({result['url']}, report {number:02d}.html)"
        if result["error"]:
            problems.append(f"{page}: Lighthouse could not audit it: {result['error']}")
        elif scores["accessibility"] != 1 or scores["best-practices"] < 0.9:
            problems.append(f"{page}: accessibility {scores['accessibility']}, best practices {scores['best-practices']}")
            problems += [f"  {a['category']} {a['id']} ({a['title']}) at {a['items']}" for a in result["failing"]]
        else:
            problems += [f"{page}: {a['id']} ({a['title']}) at {a['items']}"
                         for a in result["failing"] if a["id"] in ALWAYS]
        problems += [f"{page}: a request off this machine: {url}" for url in result["offsite"]]
    assert not problems, "Lighthouse found:\n" + "\n".join(problems)
