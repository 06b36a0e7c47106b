"""Rasa's LogisticRegressionClassifier with its weights stored column-major.

sklearn predicts with `X @ coef_.T`. `coef_` is row-major (classes x
features), so its transpose is not contiguous, and SciPy's sparse product
copied the whole matrix (tens of thousands of character n-gram columns) on
every message: about 3 ms per classifier per message (bench/LEVERS.md).
Column-major weights make the transpose contiguous; the numbers are the same.

The topic classifier, the RiskClassifier and the FaqSelector all use this.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.nlu.classifiers.logistic_regression_classifier import (
    LogisticRegressionClassifier,
)
from rasa.shared.nlu.training_data.training_data import TrainingData


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
