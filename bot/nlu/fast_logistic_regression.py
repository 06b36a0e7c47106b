"""Rasa's LogisticRegressionClassifier with its weights stored column-major.

sklearn predicts with `X @ coef_.T`. `coef_` is row-major (classes x
features), so its transpose is not contiguous, and SciPy's sparse product
copied the whole matrix (tens of thousands of character n-gram columns) on
every message: about 3 ms per classifier per message (bench/LEVERS.md).
Column-major weights make the transpose contiguous; the numbers are the same.

The topic classifier, the RiskClassifier and the FaqSelector all use this, and
all three read the same row of features for a message (word and character
counts, then the sentence embedding). Rasa builds that row with deep copies
and sparse stacking, about 1 ms; here it is built once per message and kept
on the message, next to the exact feature objects it came from, so a message
whose features change gets a fresh row.
"""
from __future__ import annotations

from typing import Any, List

import numpy as np
from scipy.sparse import csr_matrix, vstack

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.nlu.classifiers.logistic_regression_classifier import (
    LogisticRegressionClassifier,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

ROW = "_kit_feature_row"  # (the message's feature objects, their row)


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True
)
class FastLogisticRegressionClassifier(LogisticRegressionClassifier):
    def train(self, training_data: TrainingData) -> Resource:
        resource = super().train(training_data)
        self._weights_column_major()
        return resource

    @classmethod
    def load(cls, *args: Any, **kwargs: Any) -> "FastLogisticRegressionClassifier":
        component = super().load(*args, **kwargs)
        component._weights_column_major()
        return component

    def _weights_column_major(self) -> None:
        if hasattr(self.clf, "coef_"):
            self.clf.coef_ = np.asfortranarray(self.clf.coef_)

    def _create_X(self, messages: List[Message]) -> csr_matrix:
        return vstack([_feature_row(self, message) for message in messages])


def _feature_row(classifier: LogisticRegressionClassifier, message: Message) -> csr_matrix:
    features = tuple(message.features)
    cached = getattr(message, ROW, None)
    if cached is not None and len(cached[0]) == len(features) and all(
        a is b for a, b in zip(cached[0], features)
    ):
        return cached[1]
    row = LogisticRegressionClassifier._create_X(classifier, [message])
    setattr(message, ROW, (features, row))
    return row
