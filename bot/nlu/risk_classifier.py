"""RiskClassifier: a trained classifier for the risk level of a message.

It learns from the same NLU examples as the topic classifier: a block of
examples carries `metadata: {risk: disclosure|danger|self_harm}`; blocks
without it are risk `none`. A block showing two risks at once also lists the
others (`also: [self_harm]`); such an example is learnt once per risk, so a
message like it shares its probability between them and each can pass the
SafetyGate's `secondary_threshold`. It writes `risk_ranking` on the message and
leaves the intent alone; the SafetyGate decides what to do with it.
`C` (inverse regularisation) was chosen by cross-validation grouped by family
of phrasing (`make crossval-risk`, bot/risk_crossval.py).
"""
from __future__ import annotations

from typing import Any, Dict, List, Text, Tuple

from scipy.sparse import csr_matrix

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import METADATA, METADATA_INTENT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.ids import RISK_LEVELS, RISK_NONE
from bot.nlu.fast_logistic_regression import FastLogisticRegressionClassifier

RISK_RANKING = "risk_ranking"


def risk_labels(example: Message) -> List[str]:
    """The example's risk level, then any other levels it also shows."""
    metadata = example.get(METADATA) or {}
    intent_metadata = metadata.get(METADATA_INTENT) or {}
    example_metadata = metadata.get("example") or {}
    label = example_metadata.get("risk") or intent_metadata.get("risk") or RISK_NONE
    also = example_metadata.get("also") or intent_metadata.get("also") or []
    labels = list(dict.fromkeys([label, *also]))
    for level in labels:
        if level not in RISK_LEVELS:
            raise ValueError(f"Unknown risk level '{level}' in NLU data: {example.get('text')!r}")
    return labels


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True
)
class RiskClassifier(FastLogisticRegressionClassifier):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {**FastLogisticRegressionClassifier.get_default_config(), "C": 1.0}

    def __init__(self, config: Dict[Text, Any], *args: Any) -> None:
        super().__init__(config, *args)
        self.clf.C = float(self.config["C"])

    def _create_training_matrix(
        self, training_data: TrainingData
    ) -> Tuple[csr_matrix, List[str]]:
        examples, labels = [], []
        for example in training_data.intent_examples:
            if example.get("text"):
                for label in risk_labels(example):
                    examples.append(example)
                    labels.append(label)
        return self._create_X(examples), labels

    def process(self, messages: List[Message]) -> List[Message]:
        if not hasattr(self.clf, "classes_"):
            return messages  # untrained (no data): leave risk to the screen
        probabilities = self.clf.predict_proba(self._create_X(messages))
        for message, row in zip(messages, probabilities):
            ranking = {label: float(p) for label, p in zip(self.clf.classes_, row)}
            message.set(RISK_RANKING, ranking, add_to_output=True)
        return messages
