"""TextNormaliser: disguised spelling undone before the NLU reads a message.

First in the pipeline, so the tokenizer, the counts, the sentence embedding,
every classifier and the SafetyGate's screen all read `p1cs` as `pics` and
`s o m e o n e` as `someone` (bot/safety/normalise.py), and text-speak with one
plain reading ("sum1 frm minecraft is outsyd") as plain words, so the sentence
encoder reads it as it reads standard English. Training examples go through
the same step, so a disguised spelling in the data and in a message land on
the same features. Button payloads ("/safe_yes") are left alone.
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

from bot.safety.normalise import deobfuscate, expand_textspeak
from bot.safety.screen import default_screen


def plain_text(text: str) -> str:
    """What every classifier reads of a pupil's message. Text-speak is written
    out before the disguise is undone, or "sum1s" would be read as leetspeak
    ("sumis"); and again after, because undoing spaced letters or leetspeak
    can itself make a text-speak word ("r n" -> "rn", "pl5" -> "pls")."""
    table = default_screen().textspeak
    return expand_textspeak(deobfuscate(expand_textspeak(text, table)), table)


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False
)
class TextNormaliser(GraphComponent):
    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "TextNormaliser":
        return cls()

    @staticmethod
    def _normalise(messages: List[Message]) -> None:
        for message in messages:
            text = message.get(TEXT)
            if text and not text.startswith("/"):
                message.set(TEXT, plain_text(text))

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self._normalise(training_data.training_examples)
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        self._normalise(messages)
        return messages
