"""Tappable routes: the links and symbols a reply's text carries, from the route data.

Kit's actions write routes as text ("Call Childline free on 0800 1111 ... at
childline.org.uk"). Before a reply leaves the web app, every phone number,
text-message number and web address of the locale's routes found in its text
is listed in the reply's `links` ({"text", "href", "route"}), and each route
line ("• ...") in its `route_lines` ({"line", "route", "symbol"}), so the
widget can make them links (and show a symbol beside the main ones for the
youngest) without parsing anything itself. Only `tel:`, `sms:` and `https:`
addresses built from the route files ever go out; the text is unchanged, so
the public contract only gains optional fields.
"""
from __future__ import annotations

import functools
import re
from typing import Dict, List, Optional, Tuple
from urllib.parse import urlsplit

from bot.routes import load_routes

# A symbol beside the main routes (by the UK id asked for, so a locale's
# substitute, e.g. Kids Helpline for Childline, gets the same one). The widget
# draws each by name (web/widget.js SYMBOLS), so no emoji font is needed.
SYMBOLS = {
    "police_999": "emergency",
    "trusted_adult": "talk",
    "childline": "phone",
    "ceop": "shield",
    "platform_report": "report",
}
# "text SHOUT to 85258", "text HELP to 51444": a short code and its keyword.
SMS = re.compile(r"\btext ([A-Z]{2,12}) to (\d{5,6})\b", re.I)
SAFE_HREF = re.compile(r"^(tel:\+?\d{2,15}|sms:\d{5,6}\?&body=[A-Z]{2,12}|https://[a-z0-9.-]+\.[a-z]{2,}(/[\w./-]*)?)$")
BULLET = "• "


def _digits(phone: str) -> str:
    return re.sub(r"[^0-9+]", "", phone)


def _number_pattern(number: str) -> str:
    # Not part of a longer number ("1,000", "0800 1111 2"), nor of a word.
    return r"(?<![\w+-])(?<!\d[,.])" + re.escape(number) + r"(?![\w]|[,.]\d)"


@functools.lru_cache(maxsize=None)
def link_rules(locale: str) -> Tuple[List[Tuple[re.Pattern, str, str]], List[Tuple[re.Pattern, str, str]]]:
    """(numbers, sites) for a locale: each (pattern, href or host, route id).
    Text-message numbers come from the routes' own words ("text SHOUT to 85258")."""
    numbers: Dict[str, Tuple[str, str]] = {}
    sites: List[Tuple[re.Pattern, str, str]] = []
    for route_id, route in load_routes(locale).items():
        if route.get("phone"):
            numbers.setdefault(route["phone"], (f"tel:{_digits(route['phone'])}", route_id))
        for line in route.get("say", {}).values():
            for keyword, short_code in SMS.findall(line):
                numbers[short_code] = (f"sms:{short_code}?&body={keyword.upper()}", route_id)
        if route.get("url"):
            parts = urlsplit(route["url"])
            host = parts.netloc[4:] if parts.netloc.startswith("www.") else parts.netloc
            pattern = re.compile(r"(?<![\w@./-])(?:www\.)?" + re.escape(host) + r"((?:/[\w-]+)*)/?(?![\w@-])", re.I)
            sites.append((pattern, f"https://{parts.netloc}", route_id))
    number_rules = [(re.compile(_number_pattern(n)), href, r) for n, (href, r) in numbers.items()]
    return number_rules, sites


def links_in(text: str, locale: str) -> List[Dict[str, str]]:
    """Each distinct link text in `text` once, with its safe address."""
    numbers, sites = link_rules(locale)
    found: Dict[str, Dict[str, str]] = {}
    for pattern, href, route_id in numbers:
        for match in pattern.finditer(text):
            found.setdefault(match.group(0), {"text": match.group(0), "href": href, "route": route_id})
    for pattern, origin, route_id in sites:
        for match in pattern.finditer(text):
            link = {"text": match.group(0), "href": origin + match.group(1), "route": route_id}
            found.setdefault(match.group(0), link)
    return [link for link in found.values() if SAFE_HREF.match(link["href"])]


@functools.lru_cache(maxsize=None)
def said_by(locale: str) -> Dict[str, str]:
    """Each route's line, in every band, -> the route id asked for."""
    said: Dict[str, str] = {}
    for route_id, route in load_routes(locale).items():  # the first of two UK ids a locale route stands for
        for line in route.get("say", {}).values():
            said.setdefault(line, route_id)
    return said


def route_lines(text: str, locale: str) -> List[Dict]:
    """The route lines ("• ...") of a routes bubble (bot.routes.render_routes):
    which route each is, with its symbol when it is one of the main routes."""
    lines = []
    for number, line in enumerate(text.split("\n")):
        named: Optional[str] = said_by(locale).get(line[len(BULLET):]) if line.startswith(BULLET) else None
        if named:
            entry = {"line": number, "route": named}
            if named in SYMBOLS:
                entry["symbol"] = SYMBOLS[named]
            lines.append(entry)
    return lines


def with_links(replies: List[Dict], locale: str) -> List[Dict]:
    """The replies, each with `links` and `route_lines` when it has any."""
    annotated = []
    for reply in replies:
        reply = dict(reply)
        links = links_in(reply.get("text", ""), locale)
        if links:
            reply["links"] = links
        lines = route_lines(reply.get("text", ""), locale)
        if lines:
            reply["route_lines"] = lines
        annotated.append(reply)
    return annotated
