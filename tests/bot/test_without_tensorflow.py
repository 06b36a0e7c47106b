"""Kit's Rasa serves its model without loading TensorFlow (issue #24), and
only a model that needs none is served that way."""
from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

from bot import paths
from bot.model import model_path
from bot.settings import load_settings
from bot.without_tensorflow import model_argument, needs_tensorflow

KIT_MODEL = model_path(load_settings().model_dir)


def model_with(tmp_path: Path, uses) -> Path:
    metadata = json.dumps({"predict_schema": {"nodes": {f"n{i}": {"uses": u} for i, u in enumerate(uses)}}}).encode()
    path = tmp_path / "model.tar.gz"
    with tarfile.open(path, "w:gz") as archive:
        info = tarfile.TarInfo("metadata.json")
        info.size = len(metadata)
        archive.addfile(info, io.BytesIO(metadata))
    return path


def test_kits_model_needs_no_tensorflow_and_diet_does(tmp_path):
    assert not needs_tensorflow(KIT_MODEL)
    assert needs_tensorflow(model_with(tmp_path, ["bot.policies.KitRulePolicy",
                                                  "rasa.nlu.classifiers.diet_classifier.DIETClassifier"]))


def test_only_rasa_run_with_a_model_is_served_this_way():
    assert model_argument(["run", "--model", "models/kit.tar.gz", "--quiet"]) == Path("models/kit.tar.gz")
    assert model_argument(["train", "--out", "models"]) is None
    assert model_argument(["run"]) is None


def parse_in_fresh_rasa(placeholders: bool) -> list:
    """A fresh process, as `python -m bot.rasa_cli run` starts: Rasa's server
    modules, Kit's model, one message parsed. Prints whether a TensorFlow call
    failed loudly, the parse, and whether TensorFlow's library was loaded."""
    probe = f"""
import asyncio, sys
from bot.without_tensorflow import serve_without_tensorflow, TensorFlowNotLoaded
if {placeholders}:
    assert serve_without_tensorflow(["run", "--model", {str(KIT_MODEL)!r}])
from bot.rasa_cli import speed_up_rasa
speed_up_rasa()
import rasa.core.run
from rasa.core.agent import Agent
agent = Agent.load({str(KIT_MODEL)!r})
parsed = asyncio.run(agent.parse_message("someone keeps being mean to me in my game"))
import tensorflow as tf
try:
    tf.constant(1)
    print("called")
except TensorFlowNotLoaded:
    print("loud")
print(parsed["intent"], [(r["name"], r["confidence"]) for r in parsed["intent_ranking"]], parsed["kit"])
print("libtensorflow" in open("/proc/self/maps").read())
"""
    done = subprocess.run([sys.executable, "-W", "ignore", "-c", probe], cwd=paths.ROOT, capture_output=True,
                          text=True, env={**os.environ, "RASA_TELEMETRY_ENABLED": "false"}, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.split("\n")[-4:-1]


def test_rasa_parses_as_with_tensorflow_and_never_loads_it():
    loud, parse, loaded = parse_in_fresh_rasa(placeholders=True)
    called, parse_with_tensorflow, loaded_with = parse_in_fresh_rasa(placeholders=False)
    assert (loud, loaded) == ("loud", "False")
    assert (called, loaded_with) == ("called", "True")  # the probe sees a real TensorFlow
    assert parse == parse_with_tensorflow
