"""KitRulePolicy (bot/policies.py) finds the same rules as Rasa's RulePolicy:
every lookup it answers from memory is checked against Rasa's full walk over
the whole conversation, through real conversations with the trained model and
a real action server."""
from __future__ import annotations

import logging
import uuid

import pytest
from rasa.core.agent import Agent
from rasa.core.policies.rule_policy import RulePolicy
from rasa.utils.endpoints import EndpointConfig
from rasa.utils.log_utils import configure_structlog

from bot.evaluate import ActionServer
from bot.policies import KitRulePolicy
from bot.rasa_cli import speed_up_rasa

# Topics, follow-ups, a disclosure mid-conversation, a lesson story, small
# talk: the paths the rules cover, several turns deep.
CONVERSATIONS = [
    ["hi", "someone keeps sending me horrible messages on my phone", "what should i do", "thanks", "bye"],
    ["a boy in my fortnite squad wants my snapchat", "he says i am mature for my age", "he wants me to keep it secret",
     "what now", "ok"],
    ["/choose_age_band{\"age_band\":\"8-10\"}", "i saw a scary video", "i feel sick", "what do i do"],
    ["how do i report a message on whatsapp", "how do i block someone on snapchat", "asdfgh", "yes"],
    ["try a story", "what can you help with", "my friend said she wants to die", "no"],
]


@pytest.fixture(scope="module")
def agent(trained_model):
    configure_structlog(logging.WARNING)
    speed_up_rasa()
    server = ActionServer()
    endpoint = EndpointConfig(url=f"{server.url}/webhook", enable_selective_domain=True)
    yield Agent.load(str(trained_model), action_endpoint=endpoint)
    server.close()


async def test_remembered_rule_lookups_match_rasas_full_walk(agent, monkeypatch):
    lookups = []
    remembered = KitRulePolicy._get_possible_keys

    def checked(policy, lookup, states):
        found = remembered(policy, lookup, states)
        lookups.append((policy, found, RulePolicy._get_possible_keys(policy, lookup, states)))
        return found

    monkeypatch.setattr(KitRulePolicy, "_get_possible_keys", checked)
    for _ in range(2):  # the second time round, answers come from memory
        for conversation in CONVERSATIONS:
            sender = uuid.uuid4().hex
            await agent.handle_text('/start_session{"age_band":"11-13"}', sender_id=sender)
            for text in conversation:
                await agent.handle_text(text, sender_id=sender)

    assert lookups and all(found == full for _, found, full in lookups)
    assert any(found for _, found, _ in lookups)  # rules did apply
    policy = lookups[0][0]
    assert 0 < len(policy._remembered) < len(lookups) / 2
