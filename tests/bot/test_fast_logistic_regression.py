"""The topic, risk and FAQ classifiers keep their weights column-major and
share one feature row per message (bot/nlu/fast_logistic_regression.py): the
same numbers as Rasa's, faster."""
from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, TEXT
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.fast_logistic_regression import ROW, FastLogisticRegressionClassifier


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


def _message(rng, width: int = 40) -> Message:
    message = Message(data={TEXT: "some words"})
    counts = sp.random(1, width, density=0.2, format="coo", random_state=int(rng.integers(1e6)))
    message.add_features(Features(counts, FEATURE_TYPE_SENTENCE, TEXT, "counts"))
    message.add_features(Features(rng.standard_normal((1, 8)), FEATURE_TYPE_SENTENCE, TEXT, "embedding"))
    return message


def test_the_three_classifiers_share_one_feature_row_per_message():
    rng = np.random.default_rng(3)
    messages = [_message(rng) for _ in range(4)]
    topic = FastLogisticRegressionClassifier({}, "topics", None, None)
    risk = FastLogisticRegressionClassifier({}, "risk", None, None)
    rasas = LogisticRegressionClassifier._create_X(topic, messages).toarray()
    first = topic._create_X(messages)
    assert np.array_equal(first.toarray(), rasas)
    again = risk._create_X(messages)
    assert np.array_equal(again.toarray(), rasas)
    assert all(getattr(m, ROW)[1] is not None for m in messages)
    # A message whose features change gets a new row, not the old one.
    messages[1].features[0] = Features(sp.coo_matrix(np.ones((1, 40))), FEATURE_TYPE_SENTENCE, TEXT, "counts")
    changed = risk._create_X(messages).toarray()
    assert np.array_equal(changed, LogisticRegressionClassifier._create_X(topic, messages).toarray())
    assert not np.array_equal(changed[1], rasas[1])
