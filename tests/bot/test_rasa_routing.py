"""Which Rasa process holds a conversation (bot/web/rasa_client.rasa_for)."""
from __future__ import annotations

import secrets
from collections import Counter

from bot.web.rasa_client import rasa_for

URLS = ("http://127.0.0.1:5005", "http://127.0.0.1:5006")


def test_a_sender_always_goes_to_the_same_process():
    sender = secrets.token_urlsafe(24)
    assert len({rasa_for(sender, URLS) for _ in range(20)}) == 1


def test_senders_spread_evenly_over_the_processes():
    counts = Counter(rasa_for(secrets.token_urlsafe(24), URLS) for _ in range(10_000))
    assert set(counts) == set(URLS)
    assert all(4_500 <= n <= 5_500 for n in counts.values()), counts


def test_one_process_takes_everyone():
    assert rasa_for("anyone", URLS[:1]) == URLS[0]
