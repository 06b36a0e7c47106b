"""FaqSelector: which sub-question (`faq/<name>`) a `faq` message asks.

It does the job of Rasa's ResponseSelector with a logistic regression over the
same features the topic classifier uses (word and character counts plus the
MiniLM sentence embedding), and writes its answer in the ResponseSelector's
shape, so `utter_faq`, `rasa test` and the SafetyGate read it unchanged.

Why not the ResponseSelector: it is a TensorFlow model. Loading it took 567 MB
of Rasa's memory and running it about 4 ms of CPU per message (bench/LEVERS.md),
which is what kept a second Rasa process off a 2-core, 2 GB school machine.
The response texts are left out of the output on purpose: `utter_faq` renders
from the domain, and every copy in the tracker is sent to the action server.
"""
from __future__ import annotations

from typing import Any, Dict, List, Tuple

from scipy.sparse import csr_matrix

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.constants import (
    RESPONSE_SELECTOR_PREDICTION_KEY,
    RESPONSE_SELECTOR_PROPERTY_NAME,
    RESPONSE_SELECTOR_RANKING_KEY,
    RESPONSE_SELECTOR_RETRIEVAL_INTENTS,
    RESPONSE_SELECTOR_UTTER_ACTION_KEY,
)
from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_RESPONSE_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from rasa.shared.nlu.training_data.util import intent_response_key_to_template_key

from bot.faq import FAQ_INTENT
from bot.nlu.fast_logistic_regression import FastLogisticRegressionClassifier

RANKING_LENGTH = 10


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True
)
class FaqSelector(FastLogisticRegressionClassifier):
    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {
            **FastLogisticRegressionClassifier.get_default_config(),
            "retrieval_intent": FAQ_INTENT,
            # Less regularisation than sklearn's default (C=1): with ~15
            # examples a sub-question, C=1 spreads probability so thinly that a
            # clear question scored well under the SafetyGate's bar.
            "C": 10.0,
        }

    def __init__(self, config, name, model_storage, resource) -> None:
        super().__init__(config, name, model_storage, resource)
        self.clf.set_params(C=self.config["C"])

    def _create_training_matrix(self, training_data: TrainingData) -> Tuple[csr_matrix, List[str]]:
        examples = [
            e for e in training_data.intent_examples
            if e.get(INTENT) == self.config["retrieval_intent"] and e.get(TEXT) and e.get(INTENT_RESPONSE_KEY)
        ]
        return self._create_X(examples), [e.get(INTENT_RESPONSE_KEY) for e in examples]

    def process(self, messages: List[Message]) -> List[Message]:
        # The intent classifier runs first; only a `faq` message is answered
        # (the SafetyGate reads nothing else), so the rest skip the work.
        asked = [m for m in messages if (m.get(INTENT) or {}).get("name") == self.config["retrieval_intent"]]
        if not asked or not hasattr(self.clf, "classes_"):
            return messages
        for message, row in zip(asked, self.clf.predict_proba(self._create_X(asked))):
            ranking = sorted(zip(self.clf.classes_, row), key=lambda pair: -pair[1])[:RANKING_LENGTH]
            message.set(RESPONSE_SELECTOR_PROPERTY_NAME, self._output(ranking), add_to_output=True)
        return messages

    def _output(self, ranking: List[Tuple[str, float]]) -> Dict[str, Any]:
        key, confidence = ranking[0]
        return {
            RESPONSE_SELECTOR_RETRIEVAL_INTENTS: [self.config["retrieval_intent"]],
            self.config["retrieval_intent"]: {
                RESPONSE_SELECTOR_PREDICTION_KEY: {
                    PREDICTED_CONFIDENCE_KEY: float(confidence),
                    INTENT_RESPONSE_KEY: key,
                    RESPONSE_SELECTOR_UTTER_ACTION_KEY: intent_response_key_to_template_key(key),
                },
                RESPONSE_SELECTOR_RANKING_KEY: [
                    {PREDICTED_CONFIDENCE_KEY: float(p), INTENT_RESPONSE_KEY: k} for k, p in ranking
                ],
            },
        }
