"""Recording the anonymised topic event (and alert) for a classified message."""
from __future__ import annotations

import logging
from typing import Optional

from rasa_sdk import Tracker

from actions.context import age_band, class_id, database_url
from bot.store.events import record_turn

logger = logging.getLogger(__name__)


def record(tracker: Tracker, topic: Optional[str], risk: str) -> None:
    """Never lets a database fault stop the reply: the child gets help regardless."""
    try:
        record_turn(database_url(), class_id(tracker), topic, risk, age_band(tracker))
    except Exception as error:  # noqa: BLE001 - counted and logged, reply goes on
        logger.error("analytics event lost (%s): topic=%s risk=%s", type(error).__name__, topic, risk)
