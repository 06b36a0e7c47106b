"""RiskClassifier: a trained classifier for the risk level of a message.

It learns from the same NLU examples as the topic classifier: a block of
examples carries `metadata: {risk: disclosure|danger|self_harm}`; blocks
without it are risk `none`. It writes `risk_ranking` on the message and leaves
the intent alone; the SafetyGate decides what to do with it.
"""
from __future__ import annotations

from typing import List, Tuple

from scipy.sparse import csr_matrix

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import METADATA, METADATA_INTENT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.ids import RISK_LEVELS, RISK_NONE
from bot.nlu.fast_logistic_regression import FastLogisticRegressionClassifier

RISK_RANKING = "risk_ranking"


def risk_label(example: Message) -> str:
    metadata = example.get(METADATA) or {}
    intent_metadata = metadata.get(METADATA_INTENT) or {}
    example_metadata = metadata.get("example") or {}
    label = example_metadata.get("risk") or intent_metadata.get("risk") or RISK_NONE
    if label not in RISK_LEVELS:
        raise ValueError(f"Unknown risk level '{label}' in NLU data: {example.get('text')!r}")
    return label


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True
)
class RiskClassifier(FastLogisticRegressionClassifier):
    def _create_training_matrix(
        self, training_data: TrainingData
    ) -> Tuple[csr_matrix, List[str]]:
        examples = [e for e in training_data.intent_examples if e.get("text")]
        return self._create_X(examples), [risk_label(e) for e in examples]

    def process(self, messages: List[Message]) -> List[Message]:
        if not hasattr(self.clf, "classes_"):
            return messages  # untrained (no data): leave risk to the screen
        probabilities = self.clf.predict_proba(self._create_X(messages))
        for message, row in zip(messages, probabilities):
            ranking = {label: float(p) for label, p in zip(self.clf.classes_, row)}
            message.set(RISK_RANKING, ranking, add_to_output=True)
        return messages
