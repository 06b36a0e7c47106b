"""Reporting routes as data: which routes apply to a message, and their text.

Used by the custom actions (to render them), the evaluator (to detect them in
replies) and the content check (to validate them).
"""
from __future__ import annotations

import functools
import re
from typing import Dict, List, Optional, Sequence

import yaml

from bot import paths
from bot.ids import AGE_BANDS, RISK_NONE


@functools.lru_cache(maxsize=None)
def load_routes() -> Dict[str, dict]:
    return yaml.safe_load(paths.ROUTES_FILE.read_text(encoding="utf-8"))["routes"]


@functools.lru_cache(maxsize=None)
def load_topics() -> dict:
    return yaml.safe_load(paths.TOPICS_FILE.read_text(encoding="utf-8"))


def _by_band(value, band: str) -> list:
    """A list given either directly or per age band."""
    if isinstance(value, dict):
        return list(value.get(band, []))
    return list(value or [])


def offered_to(route_id: str, band: str) -> bool:
    bands = load_routes()[route_id].get("bands")
    return not bands or band in bands


def routes_for(
    topic: Optional[str], risk: str, band: str, text: str = "", extra: Sequence[str] = ()
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
    unique = list(dict.fromkeys(ids))
    return [route_id for route_id in unique if offered_to(route_id, band)]


def route_line(route_id: str, band: str) -> str:
    say = load_routes()[route_id]["say"]
    return say.get(band) or say[next(b for b in reversed(AGE_BANDS) if b in say)]


def render_routes(route_ids: List[str], band: str) -> str:
    """The text block listing routes, one per line."""
    return "\n".join(f"• {route_line(route_id, band)}" for route_id in route_ids)


def mentioned_routes(reply_text: str) -> List[str]:
    """Route ids whose name, number or address appears in a reply."""
    lowered = reply_text.lower()
    found = []
    for route_id, route in load_routes().items():
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


def next_step_buttons(topic: Optional[str], band: str) -> List[dict]:
    nexts = load_topics()["topics"].get(topic, {}).get("next", []) if topic else []
    return topic_buttons(band, nexts) + [
        {"title": "Something else", "payload": "/ask_capabilities"}
    ]
