"""SentenceEmbeddingFeaturizer: a dense sentence vector for each message.

Adds an all-MiniLM-L6-v2 embedding (bot/nlu/minilm.py) as sentence-level
dense features, next to the sparse word and character counts. The sparse
counts catch pupils' spellings and slang; the embedding carries meaning, so a
phrasing that shares no words with the training examples can still land on
the right topic. `scale` sets its weight against the raw counts, which have a
much larger norm than the unit-length embedding.
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

import numpy as np

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.long_message import WINDOW_OF
from bot.nlu.minilm import shared_model

# On a window of a long message (LongMessageWindows): the featurizer that put
# off encoding it, until `embed_waiting` is asked for it.
WAITING = "_kit_embedding_waiting"


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False
)
class SentenceEmbeddingFeaturizer(DenseFeaturizer, GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {**DenseFeaturizer.get_default_config(), "scale": 3.0}

    @classmethod
    def validate_config(cls, config: Dict[Text, Any]) -> None:
        if float(config.get("scale", 1.0)) <= 0:
            raise ValueError("SentenceEmbeddingFeaturizer: 'scale' must be positive")

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "SentenceEmbeddingFeaturizer":
        return cls(execution_context.node_name, {**cls.get_default_config(), **config})

    def _featurize(self, messages: List[Message]) -> None:
        # An empty text gets a zero vector, as the counts give it zero counts:
        # the classifiers need both kinds of features on every message.
        with_text = [m for m in messages if m.get(TEXT) is not None]
        if not with_text:
            return
        model = shared_model()
        vectors = np.zeros((len(with_text), model.dim), dtype=np.float32)
        # A button payload ("/safe_yes") carries its intent already and Rasa
        # overrides the classifiers for it: skip the ~13 ms encoder run.
        # A window waits with a zero vector: most are never read.
        typed = [i for i, m in enumerate(with_text)
                 if m.get(TEXT) and not m.get(TEXT).startswith("/") and m.get(WINDOW_OF) is None]
        if typed:
            vectors[typed] = model.embed([with_text[i].get(TEXT) for i in typed])
        vectors *= float(self._config["scale"])
        for message, vector in zip(with_text, vectors):
            self.add_features_to_message(None, vector[None, :], TEXT, message)
            if message.get(WINDOW_OF) is not None:
                setattr(message, WAITING, self)

    def _embed_windows(self, windows: List[Message]) -> None:
        vectors = shared_model().embed([w.get(TEXT) for w in windows]) * float(self._config["scale"])
        for window, vector in zip(windows, vectors):
            window.features = [f for f in window.features if f.origin != self._identifier]
            self.add_features_to_message(None, vector[None, :], TEXT, window)
            delattr(window, WAITING)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self._featurize(training_data.training_examples)
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        self._featurize(messages)
        return messages


def embed_waiting(windows: List[Message]) -> None:
    """Encode the windows whose embedding was put off, in one batch per
    featurizer; their zero vectors are replaced (a new feature object, so the
    cached feature row is rebuilt)."""
    by_featurizer: Dict[SentenceEmbeddingFeaturizer, List[Message]] = {}
    for window in windows:
        featurizer = getattr(window, WAITING, None)
        if featurizer is not None:
            by_featurizer.setdefault(featurizer, []).append(window)
    for featurizer, group in by_featurizer.items():
        featurizer._embed_windows(group)
