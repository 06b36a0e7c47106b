"""A small neural reading of a message's meaning, for the risk classifier.

The RiskClassifier's logistic regression over word and character counts knows
the words of its examples; on unseen benign look-alikes ("this level is
killing me", a toy lightsaber) it was often sure of a risk that is not there.
A few one-hidden-layer networks over the MiniLM sentence embedding read the
meaning instead, and the two opinions are joined by a normalised geometric
mean, so a risk needs both to lean towards it. Measured offline on the
development sets (eval/dev a-q, never trained on), with the danger rule in
`joined` and the SafetyGate's classifier_threshold 0.5 -> 0.35 (session 18;
config.yml holds the values served now): false
alarms 6.9% -> 5.3%, risk recall 0.831 -> 0.842, danger first 0.800 -> 0.810
(the regression alone at 0.35: 8.2%, 0.840, 0.806) (bench/LEVERS.md, "The risk classifier reads meaning
too").

The networks are trained with scikit-learn and kept as plain NumPy weights:
predicting is one product for all the hidden layers and one small one per
network (~0.2 ms a message), no scikit-learn object is unpickled, and the
model file holds only numbers.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence

import numpy as np

from bot.ids import RISK_DANGER


def meaning_config(config: Dict[str, Any]) -> Dict[str, Any]:
    """The networks' settings from a RiskClassifier config (config.yml), for
    the classifier and for `make crossval-risk` alike."""
    return {"networks": int(config["meaning_networks"]), "hidden": int(config["meaning_hidden"]),
            "alpha": float(config["meaning_alpha"]), "iterations": int(config["meaning_iterations"]),
            "kept_from": float(config["danger_kept_from"])}


def danger_column(classes: Sequence[str]) -> Optional[int]:
    """Where danger is among the levels, if it is there."""
    classes = [str(c) for c in classes]
    return classes.index(RISK_DANGER) if RISK_DANGER in classes else None


def unit_rows(vectors: np.ndarray) -> np.ndarray:
    """Rows scaled to length 1 (zero rows stay zero): the networks see the
    embedding's direction, whatever `scale` the featurizer gave it."""
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms > 0, norms, 1.0)


class MeaningModels:
    """An average of `len(layers)` networks: ReLU hidden layer, softmax out."""

    def __init__(self, classes: Sequence[str], layers: List[tuple]) -> None:
        self.classes = [str(c) for c in classes]
        self.layers = layers  # per network: (W1, b1, W2, b2)
        self.width = int(layers[0][0].shape[0])  # the embedding's length
        # Every network's hidden layer in one product: ~5x faster than five.
        self._w1 = np.ascontiguousarray(np.hstack([w1 for w1, _, _, _ in layers]), dtype=np.float32)
        self._b1 = np.concatenate([b1 for _, b1, _, _ in layers]).astype(np.float32)
        self._ends = np.cumsum([b1.shape[0] for _, b1, _, _ in layers])

    @classmethod
    def fit(cls, vectors: np.ndarray, labels: Sequence[str], networks: int = 5,
            hidden: int = 128, alpha: float = 1e-3, iterations: int = 300,
            seed: int = 42) -> "MeaningModels":
        # Several seeds averaged: one network's false alarms moved by a point
        # or two with its seed alone; five agree to within a few tenths.
        from sklearn.neural_network import MLPClassifier

        x = unit_rows(vectors)
        layers, classes = [], None
        for i in range(networks):
            net = MLPClassifier(hidden_layer_sizes=(hidden,), alpha=alpha,
                                max_iter=iterations, random_state=seed + i)
            net.fit(x, list(labels))
            if classes is not None and list(net.classes_) != classes:
                raise ValueError("MeaningModels: networks disagree on the classes")
            classes = list(net.classes_)
            layers.append(tuple(np.asarray(a, dtype=np.float32) for a in
                                (net.coefs_[0], net.intercepts_[0], net.coefs_[1], net.intercepts_[1])))
        return cls(classes, layers)

    @classmethod
    def fit_beside(cls, regression_classes: Sequence[str], vectors: np.ndarray,
                   labels: Sequence[str], settings: Dict[str, Any]) -> "MeaningModels":
        """Networks with `settings` (meaning_config) trained on the rows a
        regression with `regression_classes` was, checked to read the same
        levels in the same order, so `joined` can pair their columns."""
        models = cls.fit(vectors, labels, networks=settings["networks"], hidden=settings["hidden"],
                         alpha=settings["alpha"], iterations=settings["iterations"])
        if models.classes != [str(c) for c in regression_classes]:
            raise ValueError("MeaningModels: the networks and the regression disagree on the risk levels")
        return models

    def predict_proba(self, vectors: np.ndarray) -> np.ndarray:
        hidden = np.maximum(unit_rows(vectors) @ self._w1 + self._b1, 0.0)
        total = np.zeros((hidden.shape[0], len(self.classes)), dtype=np.float64)
        for (_, _, w2, b2), end in zip(self.layers, self._ends):
            logits = hidden[:, end - w2.shape[0]:end] @ w2 + b2
            if logits.shape[1] == 1:  # two classes: scikit-learn's single logistic unit
                logits = np.hstack([np.zeros_like(logits), logits])
            logits = logits - logits.max(axis=1, keepdims=True)
            p = np.exp(logits)
            total += p / p.sum(axis=1, keepdims=True)
        return total / len(self.layers)

    def save(self, path: Path) -> None:
        arrays = {f"n{i}_{j}": a for i, layer in enumerate(self.layers) for j, a in enumerate(layer)}
        np.savez(path, classes=np.array(self.classes), **arrays)

    @classmethod
    def load(cls, path: Path) -> "MeaningModels":
        with np.load(path, allow_pickle=False) as data:
            classes = [str(c) for c in data["classes"]]
            count = sum(1 for key in data.files if key.endswith("_0"))
            layers = [tuple(data[f"n{i}_{j}"] for j in range(4)) for i in range(count)]
        return cls(classes, layers)


def joined(word_probabilities: np.ndarray, meaning_probabilities: np.ndarray,
           kept: Optional[int] = None, kept_from: float = float("inf")) -> np.ndarray:
    """The normalised geometric mean of two probability rows per message, so
    a level is likely only when both readings give it weight.

    Column `kept` (danger) keeps the word reading's probability where that is
    at least `kept_from` and higher than the joined one, the other levels
    scaled to fit: short "happening now" messages ("hes outside rn",
    "m8s bein jumped ... 1 has a 🔪") are told by their words. On the
    development sets the joined reading alone lost 999 first on 14 danger
    messages and gained it on 13; with 0.85 kept, 11 lost and 13 gained.
    `kept_from` above 1.0 keeps nothing.

    The networks can be very sure; with disclosure or self-harm there is no
    such rule, so a meaning read as harmless can outweigh sure words there.
    That trade was measured as a whole (false alarms down, recall up).
    """
    log = 0.5 * (np.log(word_probabilities + 1e-9) + np.log(meaning_probabilities + 1e-9))
    p = np.exp(log - log.max(axis=1, keepdims=True))
    p = p / p.sum(axis=1, keepdims=True)
    if kept is None:
        return p
    words = word_probabilities[:, kept]
    lifted = np.where((words >= kept_from) & (words > p[:, kept]), words, p[:, kept])
    rest = 1.0 - p[:, kept]
    scale = np.where(rest > 0, (1.0 - lifted) / np.where(rest > 0, rest, 1.0), 0.0)
    p = p * scale[:, None]
    p[:, kept] = lifted
    return p
