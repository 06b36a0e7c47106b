"""Training: retrain only when data/, config.yml, domain.yml or the NLU code change.

The content hash of those files is stored beside the model, so an unchanged
tree starts without training.
"""
from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

from bot import paths
from bot.run_log import Progress, clock, run_logged, shown_path

MODEL_NAME = "kit"
# Rasa's own training data; the rest of data/ (routes, topics, safety screen) is Kit's.
TRAINING_DATA = ("data/nlu", "data/rules", "data/stories")
TRAINING_INPUTS = ("data", "config.yml", "domain.yml", "bot/nlu", "bot/policies.py", "bot/safety", "bot/ids.py")
# Kit's own data read at run time by the actions and the web app, not by Rasa
# or the NLU pipeline: editing a lesson story, a follow-up answer, a route or a
# topic's route list needs no retraining.
NOT_TRAINING = ("data/scenarios", "data/follow_ups.yml", "data/topics.yml", "data/routes.yml", "data/locales")


def content_hash(root: Path = paths.ROOT) -> str:
    digest = hashlib.sha256()
    files = []
    for name in TRAINING_INPUTS:
        path = root / name
        files += sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    for file in files:
        if file.suffix in {".pyc"} or "__pycache__" in file.parts:
            continue
        name = file.relative_to(root).as_posix()
        if any(name == kept or name.startswith(kept + "/") for kept in NOT_TRAINING):
            continue
        digest.update(str(file.relative_to(root)).encode())
        digest.update(file.read_bytes())
    return digest.hexdigest()


def model_path(model_dir: str) -> Path:
    return Path(model_dir) / f"{MODEL_NAME}.tar.gz"


def is_current(model_dir: str) -> bool:
    stamp = Path(model_dir) / f"{MODEL_NAME}.sha256"
    return model_path(model_dir).exists() and stamp.exists() and stamp.read_text().strip() == content_hash()


def rasa_env() -> dict:
    env = dict(os.environ, RASA_TELEMETRY_ENABLED="false", PYTHONPATH=str(paths.ROOT))
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    # One message is a handful of small matrix products: extra BLAS and
    # TensorFlow threads only spin and take the core another pupil's message
    # needs (see bench/LEVERS.md).
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS",
                 "TF_INTER_OP_PARALLELISM_THREADS", "TF_INTRA_OP_PARALLELISM_THREADS"):
        env.setdefault(name, "1")
    return env


# Rasa warns on every training that faq/<name> examples need a ResponseSelector;
# Kit's FaqSelector (bot/nlu/faq_selector.py) learns from them instead.
UNUSED_FAQ_WARNING = "ignore:You have defined training data with examples for training a response selector"


def training_env() -> dict:
    env = rasa_env()
    env["PYTHONWARNINGS"] = ",".join(filter(None, [env.get("PYTHONWARNINGS"), UNUSED_FAQ_WARNING]))
    return env


# Seconds a full training took the last time, kept beside the model for the
# next estimate; before any, what it takes on the 2-core machine Kit is sized for.
TRAINING_SECONDS_FILE = f"{MODEL_NAME}.training-seconds"
FIRST_TRAINING_ESTIMATE_SECONDS = 7 * 60


def training_estimate(model_dir: str) -> float:
    try:
        return float((Path(model_dir) / TRAINING_SECONDS_FILE).read_text())
    except (OSError, ValueError):
        return FIRST_TRAINING_ESTIMATE_SECONDS


def ensure_trained(model_dir: str, force: bool = False) -> Path:
    """Train the model if the training inputs changed; return its path.
    Rasa's output goes to the log (bot/run_log.py); StepFailed if it fails."""
    if not force and is_current(model_dir):
        return model_path(model_dir)
    wanted = content_hash()
    estimate = training_estimate(model_dir)
    print(f"kit: training the model (data, config or domain changed; about {clock(estimate)};"
          f" Rasa's output: {shown_path()})", flush=True)
    with Progress("training", estimate) as progress:
        run_logged(
            [sys.executable, "-m", "rasa", "train", "--config", "config.yml", "--domain", "domain.yml",
             "--data", *TRAINING_DATA, "--out", model_dir, "--fixed-model-name", MODEL_NAME, "--force", "--quiet"],
            "training the model", cwd=paths.ROOT, env=training_env(),
        )
    (Path(model_dir) / f"{MODEL_NAME}.sha256").write_text(wanted)
    (Path(model_dir) / TRAINING_SECONDS_FILE).write_text(f"{progress.elapsed:.0f}")
    print(f"kit: model trained in {clock(progress.elapsed)}", flush=True)
    return model_path(model_dir)
