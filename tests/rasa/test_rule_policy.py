"""KitRulePolicy (bot/policies.py) predicts what Rasa's RulePolicy predicts:
every prediction it makes from the last states and from memory is checked
against Rasa's full walk over the whole conversation, through real
conversations with the trained model and a real action server."""
from __future__ import annotations

import json
import logging
import uuid

import pytest
from rasa.core.agent import Agent
from rasa.core.policies.rule_policy import RulePolicy
from rasa.utils.endpoints import EndpointConfig
from rasa.utils.log_utils import configure_structlog

from bot.evaluate import ActionServer
from bot.policies import CUT_HISTORY, KitRulePolicy, RecentStates, recent_states
from bot.rasa_cli import speed_up_rasa
from tests.model_parts import component

# Topics, follow-ups, a disclosure mid-conversation, a lesson story, small
# talk: the paths the rules cover, several turns deep.
CONVERSATIONS = [
    ["hi", "someone keeps sending me horrible messages on my phone", "what should i do", "thanks", "bye"],
    ["a boy in my fortnite squad wants my snapchat", "he says i am mature for my age", "he wants me to keep it secret",
     "what now", "ok"],
    ["/choose_age_band{\"age_band\":\"8-10\"}", "i saw a scary video", "i feel sick", "what do i do"],
    ["how do i report a message on whatsapp", "how do i block someone on snapchat", "asdfgh", "yes"],
    ["try a story", "what can you help with", "my friend said she wants to die", "no"],
    # a long one: far more turns than the longest rule
    ["hi", "what can you help with", "someone is being mean to me in a group chat", "what should i do", "thanks",
     "how do i block someone on snapchat", "ok", "a man online asked me to send a photo", "what now", "yes",
     "i feel a bit better", "bye", "hi again", "what do i do", "thanks"],
]


@pytest.fixture(scope="module")
def agent(trained_model):
    configure_structlog(logging.WARNING)
    speed_up_rasa()
    server = ActionServer()
    endpoint = EndpointConfig(url=f"{server.url}/webhook", enable_selective_domain=True)
    yield Agent.load(str(trained_model), action_endpoint=endpoint)
    server.close()


async def test_predictions_match_rasas_full_walk(agent, monkeypatch):
    predictions = []

    def checked(policy, tracker, domain):
        ours, source = RulePolicy._predict(policy, tracker, domain)
        remembered, policy._remembered = policy._remembered, None  # Rasa's own way, for comparison
        try:
            rasas, _ = RulePolicy._predict(policy, tracker, domain)
        finally:
            policy._remembered = remembered
        window = recent_states(tracker, domain, policy._window)
        assert window == tracker.past_states(domain)[-policy._window:]
        assert window.cut == (len(tracker.past_states(domain)) > policy._window)
        predictions.append((policy, len(tracker.events), ours, rasas))
        return ours, source

    monkeypatch.setattr(KitRulePolicy, "_predict", checked)
    for _ in range(2):  # the second time round, rule lookups come from memory
        for conversation in CONVERSATIONS:
            sender = uuid.uuid4().hex
            await agent.handle_text('/start_session{"age_band":"11-13"}', sender_id=sender)
            for text in conversation:
                await agent.handle_text(text, sender_id=sender)

    assert predictions and all(ours == rasas for _, _, ours, rasas in predictions)
    assert max(events for _, events, _, _ in predictions) > 100  # long histories were cut
    policy = predictions[0][0]
    assert 0 < len(policy._remembered) < len(predictions)  # each makes one or two lookups


def test_a_cut_history_is_never_described_as_a_rule(agent):
    # With no rule found, Rasa describes a prediction by its states and checks
    # that against the rules: the last states of a long conversation must not
    # pass for a rule that the whole conversation is not.
    policy = component(agent, KitRulePolicy)
    rule = next(iter(policy.lookup["rules"]))
    assert policy._create_feature_key(json.loads(rule)) == rule
    cut = RecentStates(json.loads(rule))
    cut.cut = True
    key = policy._create_feature_key(cut)
    assert key.startswith(CUT_HISTORY)
    assert key not in policy.lookup["rules"] and key not in policy.lookup["rules_not_in_stories"]
