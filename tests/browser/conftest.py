"""Browser-test fixtures: Debian's chromium driven by Playwright, against the
real running stack (the session-wide `stack` fixture).

Adding a test for another page takes a few lines:

    def test_dashboard(tab, stack, axe):
        tab.allow_cookies()                         # teachers log in; pupils never get cookies
        page = tab.open(stack.url + "/teacher")     # records console, CSP, requests
        tab.shot("dashboard")                       # tests/artifacts/<test>/01-dashboard.png
        assert axe(page) == []                      # serious/critical violations

Every tab fails its test at teardown on a console error, an uncaught page
error, a Content-Security-Policy violation, a request to anything but the
local test servers, or (unless allowed) a cookie set in the browser.
"""
from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from typing import Callable, Dict, List, Optional, Pattern

import pytest

from bot import paths
from tests.browser.sites import Relay, SchoolSite

CHROMIUM = Path(os.environ.get("KIT_CHROMIUM", "/usr/bin/chromium"))
AXE_JS = paths.ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = paths.ROOT / "tests" / "artifacts"
DOC_SHOTS = paths.ROOT / "docs" / "screenshots"
# Without the background-networking flags Chromium keeps calling Google
# services, which a closed network (and a child's privacy) does not want.
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 375, "height": 667}
SMALL_PHONE = {"width": 320, "height": 568}  # WCAG 1.4.10 reflow width
TOUCH = {"has_touch": True, "is_mobile": True}
LAPTOP = {"width": 1280, "height": 800}
WHITEBOARD = {"width": 1920, "height": 1080}
BLOCKING = ("serious", "critical")


def _missing(path: Path, how: str) -> None:
    if not path.exists():
        pytest.fail(f"{path} is missing, so the browser tests cannot run. {how}", pytrace=False)


# Package scope, not session: while Playwright's sync API is running it holds
# an asyncio loop in the main thread, and the suites after tests/browser
# (pytest-asyncio tests) then fail with "Runner.run() cannot be called from a
# running event loop". Chromium still starts once for all the browser tests.
@pytest.fixture(scope="package")
def browser():
    _missing(CHROMIUM, "Run `bash scripts/browser_deps.sh` (as root it installs Debian's chromium) or set KIT_CHROMIUM.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    _missing(AXE_JS, "Run `bash scripts/browser_deps.sh` (npm ci installs axe-core from package-lock.json).")
    return AXE_JS.read_text()


@pytest.fixture(scope="session")
def axe(axe_source) -> Callable:
    """axe(page, include=None) -> the serious and critical WCAG 2.x A/AA
    violations, as readable strings (an empty list passes). axe-core is
    evaluated from node_modules through the DevTools protocol, so the page's
    own CSP stays strict and nothing is fetched from a CDN."""

    def run(page, include: Optional[str] = None) -> List[str]:
        if not page.evaluate("typeof window.axe === 'object'"):
            page.evaluate(axe_source)
        result = page.evaluate(
            """async (include) => {
                // Let finite CSS transitions end first: a button mid-way through
                // its colour transition (just enabled) has a colour of neither end.
                await Promise.all(document.getAnimations()
                    .filter(a => isFinite(a.effect?.getComputedTiming().endTime))
                    .map(a => a.finished.catch(() => null)));
                // preload: false, or axe re-fetches cross-origin stylesheets by XHR
                const options = {resultTypes: ['violations'], preload: false, runOnly: {type: 'tag',
                    values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}};
                return (await axe.run(include ? {include: [include]} : document, options)).violations;
            }""",
            include,
        )
        return [
            f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:5]}"
            for v in result
            if v["impact"] in BLOCKING
        ]

    return run


@pytest.fixture(scope="session")
def school(stack):
    """A school web site on its own origin (the one the stack allows for the widget)."""
    site = SchoolSite(stack.school_port)
    yield site
    site.close()


@pytest.fixture(scope="session")
def teacher(stack):
    """A teacher account in the running stack's database: (email, password, identity)."""
    from bot.store.teachers import add_teacher

    email, password = "browser.tests@school.example", "a long browser test passphrase"
    return email, password, add_teacher(f"sqlite:///{stack.database}", email, password)


@pytest.fixture
def relay(stack):
    """A stoppable path to Kit's web app, for "the server went away" tests."""
    forwarder = Relay(stack.web_port).start()
    yield forwarder
    forwarder.stop()


class Tab:
    """One browser context and page, with what it saw recorded."""

    def __init__(self, browser, name: str) -> None:
        self.browser = browser
        self.folder = ARTIFACTS / name
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.shots = 0
        self.context = None
        self.page = None
        self.console_errors: List[str] = []
        self.csp_violations: List[str] = []
        self.page_errors: List[str] = []
        self.requests: List[str] = []
        self.allowed_errors: List[Pattern] = []
        self.local_hosts = {"127.0.0.1", "localhost"}
        self.cookies_allowed = False

    def open(self, url: str, viewport: Dict = LAPTOP, reduced_motion: str = "no-preference", **options):
        """A fresh context (own sessionStorage), then the page at `url`.
        `options` go to Playwright's new_context (e.g. has_touch=True)."""
        if self.context is not None:
            self.context.close()
        self.context = self.browser.new_context(
            viewport=viewport, reduced_motion=reduced_motion, locale="en-GB", service_workers="block", **options
        )
        self.context.set_default_timeout(30_000)
        page = self.context.new_page()
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.page_errors.append(str(error)))
        page.on("request", lambda request: self.requests.append(request.url))
        page.goto(url)
        self.page = page
        return page

    def _console(self, message) -> None:
        text = message.text
        if "Content Security Policy" in text or "Content-Security-Policy" in text:
            self.csp_violations.append(text)
        elif message.type == "error" and not any(p.search(text) for p in self.allowed_errors):
            where = message.location.get("url") if message.location else ""
            self.console_errors.append(f"{text} ({where})" if where else text)

    def allow_console_error(self, pattern: str) -> None:
        """Expected errors, e.g. the browser's own "Failed to load resource"
        line while a test has made the server unreachable."""
        self.allowed_errors.append(re.compile(pattern))

    def allow_cookies(self) -> None:
        """For teacher pages (a login session); pupil pages must set none."""
        self.cookies_allowed = True

    def shot(self, step: str, full_page: bool = False, doc: Optional[str] = None) -> Path:
        """A screenshot in tests/artifacts/. `doc` names the picture in
        docs/screenshots/ that this step makes; it is rewritten only with
        KIT_DOC_SCREENSHOTS=1, so an ordinary run leaves the tree unchanged."""
        self.shots += 1
        path = self.folder / f"{self.shots:02d}-{re.sub(r'[^a-z0-9]+', '-', step.lower()).strip('-')}.png"
        self.page.wait_for_timeout(300)  # let a smooth scroll of the log settle
        self.page.screenshot(path=str(path), full_page=full_page)
        if doc and os.environ.get("KIT_DOC_SCREENSHOTS") == "1":
            shutil.copyfile(path, DOC_SHOTS / doc)
        return path

    def third_party_requests(self) -> List[str]:
        from urllib.parse import urlsplit

        return [
            url for url in self.requests
            if urlsplit(url).scheme in ("http", "https", "ws", "wss") and urlsplit(url).hostname not in self.local_hosts
        ]

    def close(self) -> List[str]:
        problems = []
        if self.context is not None:
            cookies = self.context.cookies()
            if cookies and not self.cookies_allowed:
                problems.append(f"cookies were set: {[c['name'] for c in cookies]}")
            self.context.close()
        problems += [f"CSP violation: {text}" for text in self.csp_violations]
        problems += [f"console error: {text}" for text in self.console_errors]
        problems += [f"page error: {text}" for text in self.page_errors]
        problems += [f"third-party request: {url}" for url in self.third_party_requests()]
        return problems


@pytest.fixture
def new_tab(browser, request):
    """new_tab("pupil") -> another recorded tab with its own context (a
    teacher and a pupil at once); screenshots in tests/artifacts/<test>-pupil/."""
    opened: List[Tab] = []
    base = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name)

    def make(role: str = "") -> Tab:
        opened.append(Tab(browser, f"{base}-{role}" if role else base))
        return opened[-1]

    yield make
    problems = [f"{t.folder.name}: {p}" for t in opened for p in t.close()]
    if problems:
        pytest.fail("the browser saw problems:\n  " + "\n  ".join(problems), pytrace=False)


@pytest.fixture
def tab(new_tab):
    """A recorded browser tab; screenshots go to tests/artifacts/<test name>/."""
    return new_tab()
