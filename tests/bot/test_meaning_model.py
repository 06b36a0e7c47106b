"""The risk classifier's second reading (bot/nlu/meaning_model.py): small
networks over the sentence embedding, joined with the regression over counts."""
from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from sklearn.neural_network import MLPClassifier

from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, INTENT, METADATA, METADATA_EXAMPLE, TEXT
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.meaning_model import MeaningModels, joined, unit_rows
from bot.nlu.risk_classifier import RISK_RANKING, RiskClassifier

LEVELS = ["danger", "none", "self_harm"]


def _clusters(rng, n: int = 90, width: int = 12):
    """Three levels as three directions in a small embedding, with noise."""
    centres = rng.standard_normal((3, width))
    labels = [LEVELS[i % 3] for i in range(n)]
    vectors = np.array([centres[i % 3] + 0.3 * rng.standard_normal(width) for i in range(n)])
    return vectors, labels


def test_the_numpy_networks_predict_what_scikit_learn_trained():
    vectors, labels = _clusters(np.random.default_rng(1))
    models = MeaningModels.fit(vectors, labels, networks=1, hidden=16, iterations=200, seed=5)
    reference = MLPClassifier(hidden_layer_sizes=(16,), alpha=1e-3, max_iter=200, random_state=5)
    reference.fit(unit_rows(vectors), labels)
    assert models.classes == list(reference.classes_)
    assert np.allclose(models.predict_proba(vectors), reference.predict_proba(unit_rows(vectors)), atol=1e-5)


def test_networks_are_averaged_read_the_direction_and_save_as_plain_numbers(tmp_path):
    vectors, labels = _clusters(np.random.default_rng(2))
    models = MeaningModels.fit(vectors, labels, networks=3, hidden=8, iterations=200)
    assert len(models.layers) == 3 and models.width == vectors.shape[1]
    p = models.predict_proba(vectors)
    assert np.allclose(p.sum(axis=1), 1.0)
    assert (np.array(models.classes)[p.argmax(axis=1)] == np.array(labels)).mean() > 0.9
    # The featurizer's `scale` does not change what the networks read.
    assert np.allclose(models.predict_proba(vectors * 10), p, atol=1e-6)
    path = tmp_path / "meaning.npz"
    models.save(path)
    again = MeaningModels.load(path)  # np.load without pickles: numbers only
    assert again.classes == models.classes and len(again.layers) == 3
    assert np.allclose(again.predict_proba(vectors), p)


def test_two_levels_work_too():
    rng = np.random.default_rng(3)
    vectors = np.vstack([rng.standard_normal((30, 6)) + 2, rng.standard_normal((30, 6)) - 2])
    labels = ["none"] * 30 + ["danger"] * 30
    models = MeaningModels.fit(vectors, labels, networks=2, hidden=4, iterations=300)
    p = models.predict_proba(vectors)
    assert p.shape == (60, 2) and np.allclose(p.sum(axis=1), 1.0)
    assert (np.array(models.classes)[p.argmax(axis=1)] == np.array(labels)).mean() > 0.9


def test_a_level_is_likely_only_when_both_readings_give_it_weight():
    # columns: risk, none
    words = np.array([[0.9, 0.1], [0.9, 0.1], [0.5, 0.5]])
    meaning = np.array([[0.1, 0.9], [0.7, 0.3], [0.5, 0.5]])
    p = joined(words, meaning)
    assert np.allclose(p.sum(axis=1), 1.0)
    assert abs(p[0, 0] - 0.5) < 1e-6        # they disagree: undecided
    assert p[1, 0] > 0.8                      # both lean to the risk
    assert np.allclose(p[2], [0.5, 0.5])


def _risk_message(rng, level: int, width_counts: int = 30, width_embedding: int = 10) -> Message:
    centres = np.random.default_rng(99).standard_normal((3, width_embedding))
    message = Message(data={TEXT: f"message {level}", INTENT: "topic",
                            METADATA: {METADATA_EXAMPLE: {"risk": LEVELS[level]}}})
    counts = sp.random(1, width_counts, density=0.3, format="lil", random_state=int(rng.integers(1e6)))
    counts[0, level] = 3.0  # a word each level has
    counts = counts.tocoo()
    embedding = (centres[level] + 0.2 * rng.standard_normal(width_embedding))[None, :] * 10
    message.add_features(Features(counts, FEATURE_TYPE_SENTENCE, TEXT, "counts"))
    message.add_features(Features(embedding, FEATURE_TYPE_SENTENCE, TEXT, "embedding"))
    return message


def test_the_risk_classifier_joins_both_readings_and_loads_them_back(tmp_path):
    rng = np.random.default_rng(4)
    training = TrainingData([_risk_message(rng, i % 3) for i in range(60)])
    storage = LocalModelStorage(tmp_path)
    resource = Resource("risk")
    context = ExecutionContext(GraphSchema({}), "test")
    config = {**RiskClassifier.get_default_config(), "meaning_networks": 2, "meaning_hidden": 8}
    trained = RiskClassifier.create(config, storage, resource, context)
    trained.train(training)
    assert trained.meaning is not None and trained.meaning.width == 10
    # The regression reads the counts only: its weights are as wide as they are.
    assert trained.clf.coef_.shape[1] == 30
    probe = [_risk_message(rng, i) for i in range(3)]
    trained.process(probe)
    rankings = [m.get(RISK_RANKING) for m in probe]
    assert [max(r, key=r.get) for r in rankings] == LEVELS
    # The ranking is the join of the two readings, not the regression alone.
    rows = trained._create_X(probe).toarray()
    words = trained.clf.predict_proba(rows[:, :30])
    expected = joined(words, trained.meaning.predict_proba(rows[:, 30:]))
    served = np.array([[r[level] for level in trained.clf.classes_] for r in rankings])
    assert np.allclose(served, expected)
    assert not np.allclose(served, words, atol=1e-3)
    loaded = RiskClassifier.load(config, storage, resource, context)
    assert loaded.meaning is not None and len(loaded.meaning.layers) == 2
    again = [_risk_message(rng, i) for i in range(3)]
    for fresh, old in zip(again, probe):
        fresh.features = old.features
    loaded.process(again)
    for fresh, ranking in zip(again, rankings):
        assert fresh.get(RISK_RANKING) == ranking
    # Without networks the regression reads every feature, as before.
    plain = RiskClassifier.create(RiskClassifier.get_default_config(), storage, Resource("plain"), context)
    plain.train(training)
    assert plain.meaning is None and plain.clf.coef_.shape[1] == 40


def test_danger_the_words_are_sure_of_is_kept():
    # columns: danger, none
    words = np.array([[0.8, 0.2], [0.6, 0.4], [0.8, 0.2]])
    meaning = np.array([[0.05, 0.95], [0.05, 0.95], [0.9, 0.1]])
    plain = joined(words, meaning)
    kept = joined(words, meaning, kept=0, kept_from=0.7)
    assert plain[0, 0] < 0.5 and np.allclose(kept[0], [0.8, 0.2])  # sure words: kept
    assert np.allclose(kept[1], plain[1])                            # unsure words: joined
    assert np.allclose(kept[2], plain[2])                            # joined is higher already
    assert np.allclose(kept.sum(axis=1), 1.0)


def test_a_trained_risk_model_that_cannot_be_loaded_stops_kit(tmp_path, monkeypatch):
    """Rasa's loader turns an unreadable classifier into an untrained one and
    logs at debug level; risk would quietly be left to the screen alone."""
    import pytest
    import skops.io

    rng = np.random.default_rng(5)
    training = TrainingData([_risk_message(rng, i % 3) for i in range(30)])
    storage, resource = LocalModelStorage(tmp_path), Resource("risk")
    context = ExecutionContext(GraphSchema({}), "test")
    config = {**RiskClassifier.get_default_config(), "meaning_networks": 1, "meaning_hidden": 4}
    RiskClassifier.create(config, storage, resource, context).train(training)
    # As after an upgrade that skops no longer trusts (the saved file is real).
    monkeypatch.setattr(skops.io, "get_untrusted_types", lambda **kwargs: ["some.changed.Type"])
    with pytest.raises(RuntimeError, match="could not be loaded"):
        RiskClassifier.load(config, storage, resource, context)
    # Nothing stored at all (a model trained without risk data) is not an error.
    empty = RiskClassifier.load(config, storage, Resource("never-trained"), context)
    assert empty.meaning is None and empty.process([_risk_message(rng, 0)])[0].get(RISK_RANKING) is None
