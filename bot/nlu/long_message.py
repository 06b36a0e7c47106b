"""LongMessageWindows: a long message is also read in short, overlapping windows.

A long message can hide one risky sentence among ordinary ones ("we've been
talking for two weeks and he's really sweet... he's parked outside my school
and says sneak out now... should i?"), and one sentence embedding of the
whole dilutes it. At inference each window of `size` words (every `step`
words, messages of `min_words` or more) joins the batch as a message of its
own, so every featurizer and classifier reads it as it reads a short message;
the SafetyGate weighs the windows' risk (`window_risk`) and drops them from
the output. A window's sentence embedding, the costly part, waits until the
RiskClassifier has read the whole message: only when the whole is not clearly
harmless is it encoded and ranked. Training data is left alone.
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

# On a window: the position in the batch of the message it was cut from.
WINDOW_OF = "kit_window_of"
# Windows are read only when the whole message is less sure than this to be
# harmless: the SafetyGate's `window_harmless_below` and the RiskClassifier's,
# which encodes and ranks only the windows the gate would read.
WINDOW_HARMLESS_BELOW = 0.95


def windows(text: str, size: int, step: int, min_words: int) -> List[str]:
    words = text.split()
    if len(words) < min_words:
        return []
    return [" ".join(words[i:i + size]) for i in range(0, len(words) - step, step)]


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False
)
class LongMessageWindows(GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"size": 12, "step": 6, "min_words": 16}

    def __init__(self, config: Dict[Text, Any]) -> None:
        self.config = config

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "LongMessageWindows":
        return cls({**cls.get_default_config(), **config})

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        batch = list(messages)
        for position, message in enumerate(messages):
            text = message.get(TEXT) or ""
            if text.startswith("/") or message.get(WINDOW_OF) is not None:
                continue
            for window in windows(text, self.config["size"], self.config["step"], self.config["min_words"]):
                part = Message(data={TEXT: window})
                part.set(WINDOW_OF, position)
                batch.append(part)
        return batch
