"""Reporting routes as data: which routes apply to a message, and their text.

Used by the custom actions (to render them), the evaluator (to detect them in
replies) and the content check (to validate them).
"""
from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Dict, List, Optional, Sequence

import yaml

from bot import paths
from bot.ids import AGE_BANDS, RISK_DANGER, RISK_NONE

DEFAULT_LOCALE = "uk"


@functools.lru_cache(maxsize=None)
def uk_routes() -> Dict[str, dict]:
    """The default routes (data/routes.yml). Their ids are the ones topics,
    the safety screen and the evaluator ask for, whatever the locale."""
    return yaml.safe_load(paths.ROUTES_FILE.read_text(encoding="utf-8"))["routes"]


def locale_file(locale: str) -> Path:
    return paths.ROUTES_FILE if locale == DEFAULT_LOCALE else paths.LOCALES / locale / "routes.yml"


def available_locales() -> List[str]:
    packs = sorted(p.parent.name for p in paths.LOCALES.glob("*/routes.yml")) if paths.LOCALES.is_dir() else []
    return [DEFAULT_LOCALE] + [p for p in packs if p != DEFAULT_LOCALE]


@functools.lru_cache(maxsize=1)
def active_locale() -> str:
    """KIT_LOCALE (see .env.example), read once per process; the UK when unset."""
    from bot.settings import load_settings

    locale = load_settings().locale
    if locale not in available_locales():
        raise ValueError(f"KIT_LOCALE={locale!r} has no locale pack; choose one of {', '.join(available_locales())}")
    return locale


@functools.lru_cache(maxsize=None)
def load_locale(locale: str) -> dict:
    """A locale pack as written: `locale` (name, phone format), `keep` (UK
    routes used unchanged), `substitutes` (UK route id -> own route id, or
    null for none) and its own `routes`."""
    if locale == DEFAULT_LOCALE:
        return {"locale": {"name": "United Kingdom"}, "keep": list(uk_routes()), "substitutes": {}, "routes": {}}
    pack = yaml.safe_load(locale_file(locale).read_text(encoding="utf-8"))
    return {"keep": [], "substitutes": {}, "routes": {}, **pack}


def substitutions(locale: str) -> Dict[str, Optional[str]]:
    """UK route id -> the route id the locale shows instead (None: it has
    none). A UK id missing from the result is one the locale does not cover."""
    pack = load_locale(locale)
    mapping: Dict[str, Optional[str]] = {}
    for route_id in uk_routes():
        if route_id in pack["routes"] or route_id in pack["keep"]:
            mapping[route_id] = route_id
        elif route_id in pack["substitutes"]:
            mapping[route_id] = pack["substitutes"][route_id]
    return mapping


def locale_route(locale: str, route_id: str) -> Optional[dict]:
    """A route by its own id: the locale's, else the UK one it keeps."""
    own = load_locale(locale)["routes"]
    return own.get(route_id) or (uk_routes().get(route_id) if route_id in load_locale(locale)["keep"] else None)


@functools.lru_cache(maxsize=None)
def _resolved(locale: str) -> Dict[str, dict]:
    resolved = {}
    for route_id, local_id in substitutions(locale).items():
        route = locale_route(locale, local_id) if local_id else None
        if route is not None:
            resolved[route_id] = dict(route, id=local_id)
    return resolved


def emergency_number(locale: Optional[str] = None) -> str:
    """The number a pupil in danger calls in this locale (999 in the UK): the
    phone of the route that stands in for `police_999`."""
    route = load_routes(locale).get("police_999") or {}
    return route.get("phone") or "999"


def load_routes(locale: Optional[str] = None) -> Dict[str, dict]:
    """The active locale's routes, keyed by the (UK) route id asked for; each
    carries `id`, the route really shown. Routes the locale has none for are
    left out, so they are never rendered."""
    return _resolved(locale or active_locale())


@functools.lru_cache(maxsize=None)
def load_topics() -> dict:
    return yaml.safe_load(paths.TOPICS_FILE.read_text(encoding="utf-8"))


def _by_band(value, band: str) -> list:
    """A list given either directly or per age band."""
    if isinstance(value, dict):
        return list(value.get(band, []))
    return list(value or [])


def offered_to(route_id: str, band: str, locale: Optional[str] = None) -> bool:
    route = load_routes(locale).get(route_id)
    return route is not None and (not route.get("bands") or band in route["bands"])


def routes_for(
    topic: Optional[str], risk: str, band: str, text: str = "", extra: Sequence[str] = (),
    locale: Optional[str] = None,
) -> List[str]:
    """Route ids for a message, most urgent first, filtered by age band.
    `extra`: routes the safety screen's matched rules call for."""
    data = load_topics()
    ids: List[str] = []
    if risk != RISK_NONE:
        ids += _by_band(data["risk_routes"][risk], band)
    ids += list(extra)
    if topic in data["topics"]:
        spec = data["topics"][topic]
        by_risk = spec.get("routes", {})
        if risk in by_risk:
            ids += _by_band(by_risk[risk], band)
        elif risk == "danger":
            ids += _by_band(by_risk.get("disclosure", []), band)
        elif risk == RISK_NONE:
            ids += _by_band(by_risk.get(RISK_NONE, []), band)
        lowered = text.lower()
        for route_id, words in spec.get("add_when_mentioned", {}).items():
            if any(word in lowered for word in words):
                ids.append(route_id)
    elif risk != RISK_NONE:
        ids += _by_band(data.get("no_topic_routes", {}).get(risk, []), band)
    if risk in ("disclosure", RISK_DANGER):
        words = set(re.findall(r"[a-z]+", text.lower()))
        ids += [route_id for route_id, cues in data.get("risky_add_when_mentioned", {}).items() if words & set(cues)]
    unique = list(dict.fromkeys(ids))
    return [route_id for route_id in unique if offered_to(route_id, band, locale)]


def route_line(route_id: str, band: str, locale: Optional[str] = None) -> str:
    say = load_routes(locale)[route_id]["say"]
    return say.get(band) or say[next(b for b in reversed(AGE_BANDS) if b in say)]


def render_routes(route_ids: List[str], band: str, locale: Optional[str] = None) -> str:
    """The text block listing routes, one per line, in the active locale.
    Two UK routes with the same substitute (e.g. CEOP and the IWF both become
    Ireland's Hotline.ie) give one line; routes the locale lacks give none."""
    routes = load_routes(locale)
    lines: Dict[str, str] = {}
    for route_id in route_ids:
        if route_id in routes:
            lines.setdefault(routes[route_id]["id"], route_line(route_id, band, locale))
    return "\n".join(f"• {line}" for line in lines.values())


def mentioned_routes(reply_text: str, locale: Optional[str] = None) -> List[str]:
    """Route ids (as asked for) whose name, number or address appears in a reply."""
    lowered = reply_text.lower()
    found = []
    for route_id, route in load_routes(locale).items():
        for word in route.get("detect", []):
            pattern = r"(?<![\w])" + re.escape(word.lower()) + r"(?![\w])"
            if re.search(pattern, lowered):
                found.append(route_id)
                break
    return found


def topic_label(topic: str, band: str) -> str:
    return load_topics()["topics"][topic]["label"][band]


def topic_buttons(band: str, topics: Optional[List[str]] = None) -> List[dict]:
    """Buttons that open a topic; a button press sends its intent payload."""
    chosen = topics if topics is not None else list(load_topics()["topics"])
    return [{"title": topic_label(t, band), "payload": f"/{t}"} for t in chosen]


# A topic's first answer shows its first routes; the rest come with "Tell me
# more", so a pupil is not handed a wall of text (data/checks/reading.yml).
FIRST_REPLY_ROUTES = 2


def first_reply_cut(route_ids: List[str], risk: str) -> List[str]:
    """The routes a topic's first answer shows: its first ones when nothing
    is risky, all of them otherwise."""
    return route_ids[:FIRST_REPLY_ROUTES] if risk == RISK_NONE else route_ids


def first_reply_routes(topic: Optional[str], band: str, text: str = "", extra: Sequence[str] = ()) -> List[str]:
    return first_reply_cut(routes_for(topic, RISK_NONE, band, text, extra), RISK_NONE)


def next_step_buttons(topic: Optional[str], band: str) -> List[dict]:
    nexts = load_topics()["topics"].get(topic, {}).get("next", []) if topic else []
    return topic_buttons(band, nexts) + [
        {"title": "Something else", "payload": "/ask_capabilities"}
    ]
