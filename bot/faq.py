"""Sub-questions (retrieval intent `faq`): which one a message asked, and its
topic and routes from data/faq_topics.yml.

The FaqSelector (bot/nlu/faq_selector.py) picks `faq/<name>`; the SafetyGate writes `<name>` into the
message's `kit` output, so the actions, the analytics and the evaluator can
give a sub-question its topic and routes.
"""
from __future__ import annotations

import functools
from typing import Any, Dict, List, Mapping, Optional, Tuple

import yaml

from bot import paths

FAQ_INTENT = "faq"


@functools.lru_cache(maxsize=1)
def load_faqs() -> Dict[str, dict]:
    return yaml.safe_load(paths.FAQ_FILE.read_text(encoding="utf-8"))["faqs"]


def faq_spec(name: Optional[str]) -> Optional[dict]:
    return load_faqs().get(name) if name else None


def selected_faq(response_selector: Optional[Mapping[str, Any]]) -> Optional[str]:
    """The sub-question name (`block_report_snapchat`) in a parse result's
    `response_selector` output, or None."""
    for selector in (response_selector or {}).values():
        if not isinstance(selector, Mapping):
            continue
        key = (selector.get("response") or {}).get("intent_response_key") or ""
        prefix = f"{FAQ_INTENT}/"
        if key.startswith(prefix):
            return key[len(prefix):]
    return None


def faq_topic(name: Optional[str], previous_topic: Optional[str], message_topic: Optional[str] = None) -> Optional[str]:
    """A sub-question about a topic of its own (`switch_topic`) takes it. Any
    other keeps the conversation's topic, else the topic the message itself
    is about ("he keeps asking for pics, how do I block him?" is grooming),
    else its own."""
    spec = faq_spec(name)
    if spec is None:
        return previous_topic or message_topic
    if spec.get("switch_topic"):
        return spec.get("topic")
    return previous_topic or message_topic or spec.get("topic")


def faq_routes(name: Optional[str], topic: Optional[str], risk: str) -> Tuple[Optional[str], List[str]]:
    """(topic whose routes follow, the sub-question's own routes) for the
    routes shown after a sub-question's answer: its own routes, then the
    conversation's topic's routes when that is another topic or a risk was
    shown."""
    spec = faq_spec(name)
    if spec is None:
        return topic, []
    own_topic_only = risk == "none" and topic == spec.get("topic")
    return (None if own_topic_only else topic), list(spec.get("routes", []))
