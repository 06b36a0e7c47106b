"""What a pupil does with the widget, as browser steps (shared by the tests).

Each step marks the messages already in the log, acts, then waits until Kit
(or the widget itself) has said something new and is no longer busy. It
returns the texts of the new messages.
"""
from __future__ import annotations

import json
from typing import Callable, List

from bot.routes import mentioned_routes

MESSAGES = ".kit-log .kit-msg"
NEW = ".kit-log .kit-msg:not([data-test-seen])"


def chat_frame(page):
    """On a school's page the chat is in a frame from Kit's own origin: the
    steps below run there (they take a page or a frame alike)."""
    frame = page.wait_for_selector("iframe.kit-frame", state="attached").content_frame()
    frame.wait_for_selector(".kit-root", state="attached")
    return frame


def message_count(page) -> int:
    return page.locator(MESSAGES).count()


def step(page, action: Callable[[], None]) -> List[str]:
    page.evaluate("(s) => document.querySelectorAll(s).forEach(m => m.setAttribute('data-test-seen', ''))", MESSAGES)
    action()
    return wait_for_new(page)


def wait_for_new(page) -> List[str]:
    page.wait_for_function(
        """(s) => [...document.querySelectorAll(s)].some(m => !m.classList.contains('kit-msg-user'))
            && !document.querySelector('.kit-root').classList.contains('kit-busy')""",
        arg=NEW,
    )
    return page.locator(NEW).all_inner_texts()


def first_answer(page) -> List[str]:
    """Waits for what Kit says first on a page that starts the chat itself
    (inline mode): it may have arrived already, so nothing is marked as seen."""
    return wait_for_new(page)


def say(page, text: str) -> List[str]:
    """Types and sends a message with Enter."""

    def send() -> None:
        page.locator("#kit-input").fill(text)
        page.locator("#kit-input").press("Enter")

    return [t for t in step(page, send) if not t.startswith("You said:")]


def press(page, button) -> List[str]:
    return [t for t in step(page, button.click) if not t.startswith("You said:")]


def watch_typing(page) -> None:
    """Remembers in the page whether the typing indicator ever showed."""
    page.evaluate(
        """() => {
            window.__kitTypingSeen = false;
            const typing = document.querySelector('.kit-typing');
            new MutationObserver(() => {
                if (typing.textContent.includes('Kit is typing')) window.__kitTypingSeen = true;
            }).observe(typing, {childList: true, subtree: true, characterData: true});
        }"""
    )


def typing_was_seen(page) -> bool:
    return page.evaluate("() => window.__kitTypingSeen === true")


def routes_in(texts: List[str]) -> set:
    return set(mentioned_routes("\n".join(texts)))


def choice(page, title: str):
    """The newest enabled button with this title, as a locator that still
    finds it once it has been pressed (and so disabled)."""
    payload = page.locator(".kit-choice:enabled", has_text=title).last.get_attribute("data-payload")
    return page.locator(f".kit-choice[data-payload={json.dumps(payload)}]").last


def session_id(page):
    return page.evaluate("() => sessionStorage.getItem('kit.session')")
