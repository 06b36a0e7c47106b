"""The default-configuration baseline: Rasa's own default pipeline and policies
(what `rasa init` ships: DIET, ResponseSelector, TED, UnexpecTED, Memoization,
Rules) trained on Kit's data and domain, with no custom components.

The model is cached by a hash of its inputs, so repeated benches train it once.
"""
from __future__ import annotations

import hashlib
import json
import sys
import tempfile
from pathlib import Path
from typing import Tuple

from bot import paths
from bot.model import TRAINING_DATA, rasa_env
from bot.run_log import Progress, clock, run_logged, shown_path

CACHE = paths.ROOT / "bench" / ".cache"
# No pipeline and no policies: Rasa fills in its defaults.
DEFAULT_CONFIG = "recipe: default.v1\nlanguage: en\nassistant_id: kit-default-baseline\n"
# Measured on the 2-core machine Kit is sized for (DIET and TED train for
# their full default epochs); after one training, its own time is the estimate.
FIRST_TRAINING_ESTIMATE_SECONDS = 31 * 60


def training_estimate() -> float:
    """The last baseline training's seconds (any inputs), else the first estimate."""
    stamps = sorted(CACHE.glob("default-*.json"), key=lambda path: path.stat().st_mtime)
    for stamp in reversed(stamps):
        try:
            return float(json.loads(stamp.read_text())["training_seconds"])
        except (OSError, ValueError, KeyError):
            continue
    return FIRST_TRAINING_ESTIMATE_SECONDS


def inputs_hash() -> str:
    import rasa

    digest = hashlib.sha256(DEFAULT_CONFIG.encode() + rasa.__version__.encode())
    files = [paths.ROOT / "domain.yml"]
    for name in TRAINING_DATA:
        files += sorted(p for p in (paths.ROOT / name).rglob("*") if p.is_file())
    for file in files:
        digest.update(str(file.relative_to(paths.ROOT)).encode())
        digest.update(file.read_bytes())
    return digest.hexdigest()[:16]


def ensure_default_model(log=print) -> Tuple[Path, float, bool]:
    """(model path, training seconds, whether it came from the cache)."""
    key = inputs_hash()
    model, stamp = CACHE / f"default-{key}.tar.gz", CACHE / f"default-{key}.json"
    if model.exists() and stamp.exists():
        return model, json.loads(stamp.read_text())["training_seconds"], True
    CACHE.mkdir(parents=True, exist_ok=True)
    estimate = training_estimate()
    log(f"bench: training the default-configuration baseline once (cached afterwards; about {clock(estimate)};"
        f" Rasa's output: {shown_path()})")
    with tempfile.TemporaryDirectory(prefix="kit-bench-default-") as tmp:
        config = Path(tmp) / "config.yml"
        config.write_text(DEFAULT_CONFIG)
        with Progress("training the baseline", estimate) as progress:
            run_logged(
                [sys.executable, "-m", "rasa", "train", "--config", str(config), "--domain", "domain.yml",
                 "--data", *TRAINING_DATA, "--out", str(CACHE), "--fixed-model-name", f"default-{key}",
                 "--force", "--quiet"],
                "training the default baseline", cwd=paths.ROOT, env=rasa_env(),
            )
        seconds = progress.elapsed
    stamp.write_text(json.dumps({"training_seconds": round(seconds, 1)}))
    return model, seconds, False


if __name__ == "__main__":
    print(ensure_default_model())
