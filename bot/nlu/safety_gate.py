"""SafetyGate: decides a message's risk and lets risk override topic.

Runs last in the NLU pipeline, on every message. It combines the
deterministic SafetyScreen (data/safety/screen.yml) with the RiskClassifier:

- a `definite` screen hit decides the level; it is raised only when the screen
  also saw a `possible` higher-level cue and the classifier agrees;
- the classifier alone is trusted above `classifier_threshold` (or the
  level's own `<level>_threshold`, e.g. `danger_threshold`);
- a `possible` screen hit is risky unless the classifier is at least
  `benign_confidence` sure the message is harmless (when unsure, err to safety).

A risky message gets the intent `risk_<level>`, so the dialogue's safety rules
fire wherever the conversation is: risk always wins over a sub-question (FAQ).
The message's topic is kept in the `kit` output (with the risk) for the actions,
the analytics and the evaluator; for a sub-question it is the topic in
data/faq_topics.yml, and `kit.faq` names the sub-question.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Any, Dict, List, Optional, Sequence, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import RESPONSE_SELECTOR_PROPERTY_NAME
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.faq import FAQ_INTENT, faq_spec, selected_faq
from bot.ids import RISK_DANGER, RISK_INTENTS, RISK_NONE, RISK_PRIORITY, RISK_SELF_HARM, TOPICS, higher_risk
from bot.nlu.long_message import WINDOW_HARMLESS_BELOW, WINDOW_OF
from bot.nlu.risk_classifier import RISK_RANKING
from bot.safety.screen import DEFINITE, LIKELY, POSSIBLE, ScreenResult, default_screen

KIT_OUTPUT = "kit"
REPORTING_HELP = "reporting_help"


def p_harmless(ranking: Dict[str, float]) -> float:
    """The classifier's belief that a message is harmless; 0 without a
    classifier, so that nothing overrules the screen."""
    return ranking.get(RISK_NONE, 0.0)


def confirmed_levels(screen: ScreenResult, ranking: Dict[str, float], config: Dict[str, Any]) -> List[str]:
    """The levels of the screen's hits that decide on their own: `definite`
    ones, and `likely` ones unless the classifier is at least
    `veto_confidence` sure the message is harmless ("someone is at the
    door, it's the pizza man")."""
    vetoed = p_harmless(ranking) >= config["veto_confidence"]
    return [hit.level for hit in screen.hits
            if hit.strength == DEFINITE or (hit.strength == LIKELY and not vetoed)]


def alone_threshold(level: str, config: Dict[str, Any]) -> float:
    """How sure the classifier must be of a level when no screen hit decided
    one (`<level>_threshold`, else `classifier_threshold`)."""
    return config.get(f"{level}_threshold") or config["classifier_threshold"]


def classifier_level(risky: Dict[str, float], config: Dict[str, Any]) -> str:
    """The level the classifier decides alone: the likeliest risky level that
    reaches its own threshold. Danger's is lower, so danger at 0.44 beside a
    disclosure at 0.45 is danger, not nothing."""
    passing = {lvl: p for lvl, p in risky.items() if p >= alone_threshold(lvl, config)}
    return max(passing, key=passing.get) if passing else RISK_NONE


def decide_risk(screen: ScreenResult, ranking: Dict[str, float], config: Dict[str, Any]) -> str:
    """The risk level of a message from the screen and the classifier."""
    risky = {level: p for level, p in ranking.items() if level in RISK_PRIORITY}
    top_level = max(risky, key=risky.get) if risky else None
    top_p = risky.get(top_level, 0.0) if top_level else 0.0
    confirmed = confirmed_levels(screen, ranking, config)
    screen_possible = screen.possible

    level = next((lvl for lvl in RISK_PRIORITY if lvl in confirmed), RISK_NONE)
    alone = classifier_level(risky, config)
    if level == RISK_NONE and alone != RISK_NONE:
        level = alone
    elif (
        screen_possible
        and higher_risk(level, screen_possible) == screen_possible != level
        and top_level == screen_possible
        and top_p >= config["classifier_threshold"]
    ):
        level = screen_possible  # a higher-level cue the classifier agrees with
    if level == RISK_NONE and screen_possible and p_harmless(ranking) < config["benign_confidence"]:
        level = screen_possible
    return level


def classifier_sees_danger_now(confirmed: List[str], ranking: Dict[str, float], config: Dict[str, Any]) -> bool:
    """A screen hit that decides the message is risky (`confirmed`, the
    levels from `confirmed_levels`), on a message the classifier reads as
    danger first, at least `danger_now_confidence` sure: the harm the screen
    found is happening now
    ("my mate says hes taken a whole packet of paracetamol and now hes gone
    quiet", "hes making me get in the car"), though no immediacy word says so."""
    risky = {level: p for level, p in ranking.items() if level in RISK_PRIORITY}
    return (
        bool(risky)
        and max(risky, key=risky.get) == RISK_DANGER
        and risky[RISK_DANGER] >= config["danger_now_confidence"]
        and bool(confirmed)
    )


def window_risk(ranking: Dict[str, float], windows: Sequence[Dict[str, float]], config: Dict[str, Any]) -> str:
    """The risk of a long message's most surely risky window, when the
    classifier is at least `window_confidence` sure of it and the message as a
    whole is not clearly harmless (p(harmless) below `window_harmless_below`)."""
    if not windows or p_harmless(ranking) >= config["window_harmless_below"]:
        return RISK_NONE
    best, best_p = RISK_NONE, config["window_confidence"]
    for window in windows:
        for level, p in window.items():
            if level in RISK_PRIORITY and p >= best_p:
                best, best_p = level, p
    return best


def message_risks(screen: ScreenResult, ranking: Dict[str, float], config: Dict[str, Any],
                  windows: Sequence[Dict[str, float]] = ()) -> List[str]:
    """Every risk a message shows (multi-label), none for a harmless one:
    the level it was judged to be and any the screen confirms, most urgent
    first, then the weaker cues.

    Besides its level: the other levels the screen confirms or the classifier
    gives at least `secondary_threshold`, the screen's weaker cues of other
    harms, and danger when the message says it is happening now (the
    screen's immediacy words, or a deciding hit the classifier reads as
    danger). Immediacy alone is not a risk: "on a call with my mates rn" is
    fine.
    """
    level = decide_risk(screen, ranking, config)
    if level == RISK_NONE:
        level = window_risk(ranking, windows, config)
    if level == RISK_NONE:
        return []
    # What the message was judged to be leads; the weaker cues below are
    # answered too but never lead (a definite "wants me to go live and do
    # stuff" stays a disclosure when the classifier half-thinks self-harm).
    confirmed = confirmed_levels(screen, ranking, config)
    lead = {level, *confirmed}
    if screen.immediate or classifier_sees_danger_now(confirmed, ranking, config):
        lead.add(RISK_DANGER)
    risks = set(lead)
    # Danger is never added here as a secondary level: it comes from the
    # screen, from immediacy, from the classifier's first guess on a message
    # with a deciding hit, or from the classifier alone when it reaches
    # `danger_threshold` and no likelier level reaches its own
    # (`decide_risk`, `classifier_level`).
    risks.update(lvl for lvl, p in ranking.items()
                 if lvl in RISK_PRIORITY and lvl != RISK_DANGER and p >= config["secondary_threshold"])
    # On a message already judged risky, a weaker cue of another kind of harm
    # is enough to answer that too (the cost is a few more routes, never an
    # alarm on a harmless message): "he'll post my pics ... i want to die".
    risks.update(hit.level for hit in screen.hits if hit.strength == POSSIBLE and hit.level != RISK_DANGER)
    # Self-harm already done with signs the body is in danger ("took loads of
    # my nans tablets and now i feel funny", "it wont stop bleeding") is an
    # emergency however it is told: 999 first.
    if RISK_SELF_HARM in risks and screen.harm_done:
        lead.add(RISK_DANGER)
    return ([lvl for lvl in RISK_PRIORITY if lvl in lead]
            + [lvl for lvl in RISK_PRIORITY if lvl in risks - lead])


def message_topic(message: Message, min_confidence: float) -> Optional[str]:
    """The message's topic: the best-ranked topic intent, if it is credible."""
    intent = (message.get(INTENT) or {}).get("name")
    if intent in TOPICS:
        return intent
    for ranked in message.get(INTENT_RANKING_KEY) or []:
        if ranked["name"] in TOPICS and ranked["confidence"] >= min_confidence:
            return ranked["name"]
    return None


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False
)
class SafetyGate(GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            "classifier_threshold": 0.5,
            "benign_confidence": 0.6,
            # A long message is risky when one of its windows is at least
            # this sure of a risk and the whole is not clearly harmless.
            "window_confidence": 0.9,
            "window_harmless_below": WINDOW_HARMLESS_BELOW,
            # A risky message whose top intent is not a topic (e.g. "wellbeing")
            # keeps a topic only if one is ranked at least this high.
            "topic_confidence": 0.35,
            # A sub-question (faq) is answered only when the intent classifier
            # and the FaqSelector together (product of their confidences)
            # are at least this sure; otherwise the next-best intent is used,
            # so "someone is mean to me online" gets the topic's answer, not
            # a how-to for one app.
            "faq_confidence": 0.6,
            # A sub-question that also tells a story ("he keeps asking for
            # pics, how do I block him?") is about the topic the classifier
            # ranks first after `faq`, when that topic has at least this share
            # of the rest and the rest is at least `faq_context_mass`.
            "faq_context_share": 0.5,
            "faq_context_mass": 0.05,
            # A risky message also shows every other level the classifier
            # gives at least this (two risks in one message).
            "secondary_threshold": 0.3,
            # A `likely` screen hit is overruled only when the classifier is
            # at least this sure the message is harmless.
            "veto_confidence": 0.95,
            # A deciding screen hit is also danger when the classifier ranks
            # danger first at least this sure (classifier_sees_danger_now).
            "danger_now_confidence": 0.5,
        }

    def __init__(self, config: Dict[Text, Any]) -> None:
        self.config = {**self.get_default_config(), **config}
        self.screen = default_screen()

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "SafetyGate":
        return cls(config)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        """Each message decided with its windows' risk (LongMessageWindows);
        the windows themselves are dropped."""
        windows = defaultdict(list)
        for message in messages:
            if message.get(WINDOW_OF) is not None:
                windows[message.get(WINDOW_OF)].append(message.get(RISK_RANKING) or {})
        whole = [m for m in messages if m.get(WINDOW_OF) is None]
        for position, message in enumerate(whole):
            self._process_one(message, windows[position])
        return whole

    def _sub_question(self, message: Message) -> Optional[str]:
        """The faq/<name> a `faq` message asks, if the NLU is sure enough of
        it; else the message takes its next-best intent and this is None."""
        intent = message.get(INTENT) or {}
        if intent.get("name") != FAQ_INTENT:
            return None
        selector = message.get(RESPONSE_SELECTOR_PROPERTY_NAME) or {}
        faq = selected_faq(selector)
        selected = next((s for s in selector.values() if isinstance(s, dict)), {})
        sure = intent.get("confidence", 0.0) * (selected.get("response") or {}).get("confidence", 0.0)
        if faq and sure >= self.config["faq_confidence"]:
            return faq
        ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r["name"] != FAQ_INTENT]
        if ranking:
            message.set(INTENT, ranking[0], add_to_output=True)
            message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
        return None

    def _context_topic(self, message: Message) -> Optional[str]:
        """The topic a sub-question's message is also about, if any. Never
        `reporting_help`: a sub-question is already how to report or block,
        and what it is about is the situation ("someone keeps messaging me on
        roblox how do i block them" is gaming)."""
        ranking = message.get(INTENT_RANKING_KEY) or []
        rest = 1.0 - next((r["confidence"] for r in ranking if r["name"] == FAQ_INTENT), 0.0)
        others = [r for r in ranking if r["name"] not in (FAQ_INTENT, REPORTING_HELP)]
        if rest < self.config["faq_context_mass"] or not others or others[0]["name"] not in TOPICS:
            return None
        return others[0]["name"] if others[0]["confidence"] / rest >= self.config["faq_context_share"] else None

    def _process_one(self, message: Message, windows: Sequence[Dict[str, float]] = ()) -> None:
        text = message.get(TEXT) or ""
        if text.startswith("/"):
            return  # a button payload: intent already given
        screen = self.screen.check(text)
        ranking = message.get(RISK_RANKING) or {}
        risks = message_risks(screen, ranking, self.config, windows)
        risk = risks[0] if risks else RISK_NONE
        faq = self._sub_question(message)
        topic = (screen.topic if risks else None) or message_topic(
            message, 0.0 if risk == RISK_NONE else self.config["topic_confidence"]
        )
        intent = (message.get(INTENT) or {}).get("name")
        if risk == RISK_NONE and intent not in TOPICS:
            topic = (self._context_topic(message) or (faq_spec(faq) or {}).get("topic")) if faq else None
        elif faq and intent not in TOPICS:
            # A risky sub-question ("he keeps asking for pics, how do i block
            # him?") is about the story it tells.
            topic = topic or self._context_topic(message)
        message.set(
            KIT_OUTPUT,
            {"risk": risk, "risks": risks, "topic": topic, "faq": faq,
             "categories": screen.categories if risks else [],
             "screen": [hit.rule for hit in screen.hits],
             "routes": screen.routes if risk != RISK_NONE else []},
            add_to_output=True,
        )
        if risk != RISK_NONE:
            ranking = message.get(INTENT_RANKING_KEY) or []
            risk_intent = {"name": RISK_INTENTS[risk], "confidence": 1.0}
            message.set(INTENT, risk_intent, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [risk_intent] + ranking, add_to_output=True)
