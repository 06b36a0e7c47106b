"""The default-configuration baseline: Rasa's own default pipeline and policies
(what `rasa init` ships: DIET, ResponseSelector, TED, UnexpecTED, Memoization,
Rules) trained on Kit's data and domain, with no custom components.

The model is cached by a hash of its inputs, so repeated benches train it once.
"""
from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Tuple

from bot import paths
from bot.model import TRAINING_DATA, rasa_env

CACHE = paths.ROOT / "bench" / ".cache"
# No pipeline and no policies: Rasa fills in its defaults.
DEFAULT_CONFIG = "recipe: default.v1\nlanguage: en\nassistant_id: kit-default-baseline\n"


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
    log("bench: training the default-configuration baseline (cached afterwards)...")
    with tempfile.TemporaryDirectory(prefix="kit-bench-default-") as tmp:
        config = Path(tmp) / "config.yml"
        config.write_text(DEFAULT_CONFIG)
        started = time.monotonic()
        done = subprocess.run(
            [sys.executable, "-m", "rasa", "train", "--config", str(config), "--domain", "domain.yml",
             "--data", *TRAINING_DATA, "--out", str(CACHE), "--fixed-model-name", f"default-{key}",
             "--force", "--quiet"],
            cwd=paths.ROOT, env=rasa_env(), capture_output=True, text=True,
        )
        if done.returncode:
            raise RuntimeError(f"training the default baseline failed: {done.stderr[-2000:]}")
        seconds = time.monotonic() - started
    stamp.write_text(json.dumps({"training_seconds": round(seconds, 1)}))
    return model, seconds, False


if __name__ == "__main__":
    print(ensure_default_model())
