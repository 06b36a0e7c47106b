"""RiskClassifier: a trained classifier for the risk level of a message.

It learns from the same NLU examples as the topic classifier: a block of
examples carries `metadata: {risk: disclosure|danger|self_harm}`; blocks
without it are risk `none`. A block showing two risks at once also lists the
others (`also: [self_harm]`); such an example is learnt once per risk, so a
message like it shares its probability between them and each can pass the
SafetyGate's `secondary_threshold`. It writes `risk_ranking` on the message and
leaves the intent alone; the SafetyGate decides what to do with it.
`C` (inverse regularisation) was chosen by cross-validation grouped by family
of phrasing (`make crossval-risk`, bot/risk_crossval.py), for the regression
over every feature; it was kept for the counts-only regression.

Two readings are joined (bot/nlu/meaning_model.py): the regression reads the
word and character counts only, and `meaning_networks` small networks read
the sentence embedding; a level is likely when both give it weight. The
embedding is the dense part at the end of the shared feature row (Rasa puts
sparse features first, then dense). With `meaning_networks: 0` the regression
reads every feature alone, as before. Where the regression alone is at least
`danger_kept_from` sure of danger, that stays (bot/nlu/meaning_model.joined;
above 1.0, the default, keeps nothing).

A model trained with this classifier that fails to load (Rasa's loader falls
back to an untrained component and logs only at debug level) raises instead:
risk must never quietly be left to the screen alone.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text, Tuple

import numpy as np
from scipy.sparse import csr_matrix

from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import METADATA, METADATA_INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.ids import RISK_LEVELS, RISK_NONE
from bot.nlu.fast_logistic_regression import FastLogisticRegressionClassifier
from bot.nlu.long_message import WINDOW_HARMLESS_BELOW, WINDOW_OF
from bot.nlu.meaning_model import MeaningModels, danger_column, joined, meaning_config
from bot.nlu.sentence_featurizer import embed_waiting

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
        return {**FastLogisticRegressionClassifier.get_default_config(), "C": 1.0,
                "meaning_networks": 0, "meaning_hidden": 128,
                "meaning_alpha": 1e-3, "meaning_iterations": 300, "danger_kept_from": 1.1,
                # The SafetyGate's: windows are read whenever it would read them.
                "window_harmless_below": WINDOW_HARMLESS_BELOW}

    def __init__(self, config: Dict[Text, Any], *args: Any) -> None:
        super().__init__(config, *args)
        self.clf.C = float(self.config["C"])
        self.meaning: Optional[MeaningModels] = None
        self._danger: Optional[int] = None  # danger's column, set once trained

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

    @staticmethod
    def _split(rows: csr_matrix, width: int) -> Tuple[csr_matrix, Optional[np.ndarray]]:
        """(the regression's columns, the last `width` columns for the networks)."""
        if not width:
            return rows, None
        if rows.shape[1] <= width:
            raise ValueError(f"RiskClassifier: a feature row {rows.shape[1]} wide has no room "
                             f"for a {width}-wide sentence embedding after the counts")
        return rows[:, :-width], rows[:, -width:].toarray()

    def train(self, training_data: TrainingData) -> Resource:
        rows, labels = self._create_training_matrix(training_data)
        settings = meaning_config(self.config)
        width = 0
        if settings["networks"]:
            first = next(e for e in training_data.intent_examples if e.get(TEXT))
            dense = first.get_dense_features(TEXT)[1]
            if dense is None:
                raise ValueError("RiskClassifier: meaning_networks needs a dense sentence "
                                 "featurizer (SentenceEmbeddingFeaturizer) before it")
            width = dense.features.shape[-1]
        words, meaning = self._split(rows, width)
        self.clf.fit(words, labels)
        if meaning is not None:
            self.meaning = MeaningModels.fit_beside(self.clf.classes_, meaning, labels, settings)
        self.persist()
        self._weights_column_major()
        self._danger = danger_column(self.clf.classes_)
        return self._resource

    def persist(self) -> None:
        super().persist()
        if self.meaning is not None:
            with self._model_storage.write_to(self._resource) as model_dir:
                self.meaning.save(model_dir / f"{self._resource.name}.meaning.npz")

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "RiskClassifier":
        component = super().load(config, model_storage, resource, execution_context, **kwargs)
        if not hasattr(component.clf, "classes_"):
            if _saved_files(model_storage, resource, "*.skops"):
                raise RuntimeError(f"RiskClassifier: the trained risk model in '{resource.name}' "
                                   "could not be loaded (a changed scikit-learn or skops?); "
                                   "retrain (python -m bot train) rather than run without it")
            return component
        if component.config["meaning_networks"]:
            with model_storage.read_from(resource) as model_dir:
                component.meaning = MeaningModels.load(model_dir / f"{resource.name}.meaning.npz")
        component._danger = danger_column(component.clf.classes_)
        return component

    def process(self, messages: List[Message]) -> List[Message]:
        if not hasattr(self.clf, "classes_"):
            return messages  # untrained (no data): leave risk to the screen
        whole = [m for m in messages if m.get(WINDOW_OF) is None]
        self._rank(whole)
        # The SafetyGate reads a long message's windows only when the whole is
        # not clearly harmless (`window_risk`): only those are encoded and
        # ranked. Most long messages are harmless, and their windows were
        # most of the encoder's work (bench/LEVERS.md).
        below = float(self.config["window_harmless_below"])
        read = [w for w in messages if w.get(WINDOW_OF) is not None
                and (whole[w.get(WINDOW_OF)].get(RISK_RANKING) or {}).get(RISK_NONE, 0.0) < below]
        embed_waiting(read)
        self._rank(read)
        return messages

    def _rank(self, messages: List[Message]) -> None:
        if not messages:
            return
        width = self.meaning.width if self.meaning is not None else 0
        words, meaning = self._split(self._create_X(messages), width)
        probabilities = self.clf.predict_proba(words)
        if meaning is not None:
            probabilities = joined(probabilities, self.meaning.predict_proba(meaning),
                                   self._danger, float(self.config["danger_kept_from"]))
        for message, row in zip(messages, probabilities):
            ranking = {label: float(p) for label, p in zip(self.clf.classes_, row)}
            message.set(RISK_RANKING, ranking, add_to_output=True)


def _saved_files(model_storage: ModelStorage, resource: Resource, pattern: str) -> List[str]:
    try:
        with model_storage.read_from(resource) as model_dir:
            return [path.name for path in model_dir.glob(pattern)]
    except ValueError:  # nothing was stored for this component
        return []
