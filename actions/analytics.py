"""Recording the anonymised topic event (and alert) for a classified message.

A database fault never stops the reply: the child gets help regardless. A lost
event is logged (ids only, never text) and counted; the count is served at the
action server's /metrics and shown by the web app's /healthz.
"""
from __future__ import annotations

import logging
import threading
from typing import Optional, Sequence

from rasa_sdk import Tracker

from actions.context import age_band, class_id, database_url
from bot.store.events import record_turn

logger = logging.getLogger(__name__)
_lost = 0
_lost_lock = threading.Lock()


def lost_count() -> int:
    return _lost


def record(tracker: Tracker, topic: Optional[str], risk: str, categories: Sequence[str] = ()) -> None:
    global _lost
    try:
        record_turn(database_url(), class_id(tracker), topic, risk, age_band(tracker), categories)
    except Exception as error:  # noqa: BLE001 - counted and logged, reply goes on
        with _lost_lock:
            _lost += 1
            lost = _lost
        logger.error(
            "analytics event lost (%s; %d lost since start): topic=%s risk=%s",
            type(error).__name__, lost, topic, risk,
        )
