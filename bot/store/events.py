"""Writing analytics: one topic event per classified message, alerts for risk."""
from __future__ import annotations

import logging
from typing import Optional, Sequence

from bot.ids import RISK_NONE
from bot.store.clock import utc_now
from bot.store.db import session_for
from bot.store.models import SafeguardingAlert, TopicEvent

logger = logging.getLogger(__name__)


def record_turn(
    url: str, class_id: Optional[int], topic: Optional[str], risk: str, age_band: str,
    categories: Sequence[str] = (),
) -> None:
    """Record the topic event, and a safeguarding alert for each of a risky
    message's categories (bot/safety/categories.py; its risk level if none)."""
    hour = utc_now().replace(minute=0, second=0, microsecond=0)  # the only time Kit keeps
    with session_for(url) as session, session.begin():
        session.add(TopicEvent(class_id=class_id, topic=topic, risk=risk, age_band=age_band, hour=hour))
        if risk != RISK_NONE:
            for category in categories or [risk]:
                session.add(SafeguardingAlert(class_id=class_id, category=category, hour=hour))
