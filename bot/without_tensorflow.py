"""Serving a model that uses no TensorFlow without loading TensorFlow.

Rasa imports TensorFlow (and with it Keras, JAX, h5py, TensorBoard) at start,
through the modules every policy and the default recipe import, even when no
component of the model runs it. Kit's pipeline and policies use none of it
(config.yml: count vectors, NumPy MiniLM, logistic regressions, rules), and
the import alone took ~510 MB of each Rasa process's ~840 MB (bench/LEVERS.md,
issue #24).

`serve_without_tensorflow()` puts placeholder modules in front of TensorFlow's
before Rasa is imported. Rasa's modules then import and define their classes
(`class TED(tf.keras.Model)`, `@tf.function`) against placeholders. It is
used only for `rasa run` of a model whose every graph node is one of the
classes in TENSORFLOW_FREE or Kit's own (`bot.`), checked in the model's own
metadata before anything is imported; any other model loads TensorFlow as
usual. If anything still calls TensorFlow while Rasa runs, the call fails
with TensorFlowNotLoaded, naming what was called, so it cannot pass silently.
Rasa's files on disk are not changed, and `rasa train` always has the real
TensorFlow.
"""
from __future__ import annotations

import importlib.abc
import importlib.machinery
import json
import sys
import os
import tarfile
import types
from pathlib import Path
from typing import Iterable, Optional

# Read by rasa.utils.tensorflow.environment (the launcher sets the first two).
TENSORFLOW_SETTINGS = ("TF_INTER_OP_PARALLELISM_THREADS", "TF_INTRA_OP_PARALLELISM_THREADS", "TF_GPU_MEMORY_ALLOC")
PREFIXES = ("tensorflow", "tensorflow_addons", "tensorflow_hub", "tensorflow_text", "tensorflow_probability", "keras")

# Rasa graph nodes that never run TensorFlow: its reading, tokenising,
# sparse-count, regex, sklearn and rule components and the recipe's plumbing.
TENSORFLOW_FREE = {
    "rasa.graph_components.providers.domain_provider.DomainProvider",
    "rasa.graph_components.providers.domain_for_core_training_provider.DomainForCoreTrainingProvider",
    "rasa.graph_components.providers.nlu_training_data_provider.NLUTrainingDataProvider",
    "rasa.graph_components.providers.rule_only_provider.RuleOnlyDataProvider",
    "rasa.graph_components.providers.story_graph_provider.StoryGraphProvider",
    "rasa.graph_components.providers.training_tracker_provider.TrainingTrackerProvider",
    "rasa.graph_components.converters.nlu_message_converter.NLUMessageConverter",
    "rasa.core.policies.rule_policy.RulePolicy",
    "rasa.core.policies.memoization.MemoizationPolicy",
    "rasa.core.policies.memoization.AugmentedMemoizationPolicy",
    "rasa.core.policies.ensemble.DefaultPolicyPredictionEnsemble",
    "rasa.nlu.tokenizers.whitespace_tokenizer.WhitespaceTokenizer",
    "rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer.CountVectorsFeaturizer",
    "rasa.nlu.featurizers.sparse_featurizer.regex_featurizer.RegexFeaturizer",
    "rasa.nlu.featurizers.sparse_featurizer.lexical_syntactic_featurizer.LexicalSyntacticFeaturizer",
    "rasa.nlu.classifiers.fallback_classifier.FallbackClassifier",
    "rasa.nlu.classifiers.logistic_regression_classifier.LogisticRegressionClassifier",
    "rasa.nlu.classifiers.regex_message_handler.RegexMessageHandler",
    "rasa.nlu.extractors.regex_entity_extractor.RegexEntityExtractor",
    "rasa.nlu.extractors.entity_synonyms.EntitySynonymMapper",
}


class TensorFlowNotLoaded(RuntimeError):
    pass


class _Placeholder:
    """Anything reached through a placeholder module. Used as a decorator it
    hands back what it decorates; subclassed, it gives a plain base class;
    any other call fails."""

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attribute: str) -> "_Placeholder":
        if attribute.startswith("__"):
            raise AttributeError(attribute)
        return _Placeholder(f"{self._name}.{attribute}")

    def __call__(self, *args, **kwargs):
        if len(args) == 1 and not kwargs and callable(args[0]):
            return args[0]  # @tf.function, @tf.keras.utils.register_keras_serializable
        raise TensorFlowNotLoaded(f"{self._name} was called, but TensorFlow is not loaded in this Rasa process "
                                  "(bot/without_tensorflow.py)")

    def __mro_entries__(self, bases):
        return (type(self._name.rsplit(".", 1)[-1], (), {"__module__": "bot.without_tensorflow"}),)

    def __getitem__(self, _item) -> "_Placeholder":
        return self

    def __or__(self, other):
        return self

    __ror__ = __or__


class _PlaceholderModule(types.ModuleType):
    def __getattr__(self, attribute: str):
        if attribute.startswith("__"):
            raise AttributeError(attribute)
        return _Placeholder(f"{self.__name__}.{attribute}")


class _PlaceholderFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def find_spec(self, fullname, path, target=None):
        if fullname.split(".")[0] in PREFIXES:
            return importlib.machinery.ModuleSpec(fullname, self, is_package=True)
        return None

    def create_module(self, spec):
        module = _PlaceholderModule(spec.name)
        module.__path__ = []
        return module

    def exec_module(self, module) -> None:
        module.__version__ = "0.0.0"  # version checks at import


def model_uses(model: Path) -> Iterable[str]:
    """The classes of the model's prediction graph, from its metadata."""
    with tarfile.open(model, "r:gz") as archive:
        member = next(m for m in archive.getmembers() if Path(m.name).name == "metadata.json")
        metadata = json.load(archive.extractfile(member))
    return [node["uses"] for node in metadata["predict_schema"]["nodes"].values()]


def needs_tensorflow(model: Path) -> bool:
    return any(not (uses.startswith("bot.") or uses in TENSORFLOW_FREE) for uses in model_uses(model))


def model_argument(argv) -> Optional[Path]:
    """`--model PATH` of a `rasa run` command line, if that is what it is."""
    if not argv or argv[0] != "run" or "--model" not in argv:
        return None
    index = argv.index("--model") + 1
    return Path(argv[index]) if index < len(argv) else None


def serve_without_tensorflow(argv) -> bool:
    """Placeholders for TensorFlow when argv serves a model that needs none;
    returns whether they were put in place. Must run before Rasa is imported."""
    model = model_argument(argv)
    if model is None or not model.is_file() or needs_tensorflow(model):
        return False
    if any(name.split(".")[0] in PREFIXES for name in sys.modules):
        return False  # already imported: nothing to save
    # Rasa sets these up in TensorFlow at start; there is no TensorFlow to set.
    for name in TENSORFLOW_SETTINGS:
        os.environ.pop(name, None)
    sys.meta_path.insert(0, _PlaceholderFinder())
    return True
