"""The topic, risk and FAQ classifiers keep their weights column-major
(bot/nlu/fast_logistic_regression.py): the same probabilities, faster."""
from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from bot.nlu.fast_logistic_regression import FastLogisticRegressionClassifier


def test_column_major_weights_give_the_same_probabilities():
    rng = np.random.default_rng(7)
    X = sp.random(120, 5000, density=0.01, format="csr", random_state=7)
    y = rng.integers(0, 4, size=120)
    component = FastLogisticRegressionClassifier({"max_iter": 200}, "topics", None, None)
    component.clf.fit(X, y)
    before = component.clf.predict_proba(X)
    assert not component.clf.coef_.flags.f_contiguous
    component._weights_column_major()
    assert component.clf.coef_.flags.f_contiguous
    assert np.array_equal(component.clf.predict_proba(X), before)
