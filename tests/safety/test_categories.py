"""A risky message's alert categories (bot/safety/categories.py)."""
from __future__ import annotations

import pytest

from bot.safety.categories import ALERT_CATEGORIES, alert_categories
from bot.store.models import SafeguardingAlert


@pytest.mark.parametrize("risks,topic,situations,expected", [
    ([], "grooming", [], []),
    (["disclosure"], "grooming", [], ["grooming"]),
    (["disclosure"], "sextortion", [], ["sextortion"]),
    (["disclosure"], None, ["known_person_abuse"], ["known_person_abuse"]),
    (["disclosure"], "cyberbullying", [], ["disclosure"]),
    (["danger", "disclosure"], "livestreaming", [], ["danger", "grooming"]),
    (["danger", "self_harm"], None, [], ["danger", "self_harm"]),
    (["self_harm", "disclosure"], "nudes_sharing", ["sextortion"], ["self_harm", "sextortion"]),
    (["danger"], "meeting_up", [], ["danger", "grooming"]),
])
def test_alert_categories(risks, topic, situations, expected):
    assert alert_categories(risks, topic, situations) == expected


def test_every_category_fits_the_alert_column():
    assert max(map(len, ALERT_CATEGORIES)) <= SafeguardingAlert.category.type.length
