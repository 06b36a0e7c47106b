"""The web app's own messages that point to help, in the deployment's locale.

A rate limit, an outage, a class code that is not open, a refused website and the page
without JavaScript each tell the pupil where help is. Like the widget's help
strip (bot/web/widget_help.py), they take the helpline and the emergency
number from the locale's routes: Kids Helpline and 000 in Australia, not
Childline and 999.
"""
from __future__ import annotations

import functools
import html
import re

from bot import paths
from bot.web.widget_help import widget_help


def helpline(locale: str, as_html: bool = False) -> str:
    """"Childline free on 0800 1111" ("free" only where the route says so);
    as HTML, with the name escaped and the number a phone link."""
    facts = widget_help(locale)
    name, phone = facts["helpline"], facts["helplinePhone"]
    if as_html:
        name, phone = html.escape(name), _phone_link(phone)
    return f"{name} {'free ' if facts['helplineFree'] else ''}on {phone}"


def _phone_link(number: str) -> str:
    return f'<a href="tel:{re.sub(r"[^0-9+]", "", number)}">{html.escape(number)}</a>'


def call_now(locale: str) -> str:
    return f"call {helpline(locale)}, or {widget_help(locale)['emergency']} if you are in danger"


# Each names the locale's helpline and emergency number through {call}/{Call}.
MESSAGES = {
    "slow_down": "You're sending messages very quickly, so Kit needs a short pause. "
                 "Please wait a minute and try again. If you need to talk to someone now, {call}.",
    "unavailable": "Kit can't start or find your chat right now. Please try again in a minute. "
                   "If you need to talk to someone now, {call}.",
    # One answer for an unknown and a closed code, so a guesser cannot tell them apart.
    "class_not_open": "This class code is not open, so this chat is not linked to a class. Please check the code "
                      "with your teacher, who can give you a new one. You can still talk to Kit, and you can {call}.",
    "too_many_codes": "Too many class codes were tried from here, so Kit needs a short pause before checking "
                      "another. Please wait a minute and try again. You can still chat with Kit, and if you need "
                      "to talk to someone now, {call}.",
    "class_link_closed": "This class link is not open any more, so this chat is not linked to your class. "
                         "Your teacher can give you a new one. You can still chat with Kit below, "
                         "and you can {call}.",
    "class_code_unknown": "Kit can't find an open class with the code {{code}}. Please check it with your "
                          "teacher and try again. You can still chat with Kit below, and you can {call}.",
    "not_allowed": "This website is not allowed to use Kit's chat. Need help now? {Call}.",
}


@functools.lru_cache(maxsize=None)
def message(kind: str, locale: str) -> str:
    call = call_now(locale)
    return MESSAGES[kind].format(call=call, Call=call[:1].upper() + call[1:])


NOSCRIPT = re.compile(r"<noscript>.*?</noscript>", re.S)


@functools.lru_cache(maxsize=None)
def index_page(locale: str) -> str:
    """web/index.html as served: the locale's routes in its <noscript> note."""
    return with_noscript_help((paths.WEB / "index.html").read_text(encoding="utf-8"), locale)


def with_noscript_help(page: str, locale: str) -> str:
    """The page with the locale's routes, as phone links, in its <noscript> note."""
    note = (f"<noscript>\n<p>The chat needs JavaScript to work. Need help now? Call {helpline(locale, as_html=True)}. "
            f"In danger? Call {_phone_link(widget_help(locale)['emergency'])}.</p>\n</noscript>")
    if len(NOSCRIPT.findall(page)) != 1:
        raise RuntimeError("web/index.html must hold exactly one <noscript> note")
    return NOSCRIPT.sub(lambda _: note, page)
