"""`make crossval`: 5-fold cross-validation of Kit's intent classifier.

Runs Rasa's own cross-validation (rasa.model_testing) on data/nlu with
config.yml's pipeline minus the SafetyGate. The gate rewrites every risky
message to a risk_* intent on purpose; left in, it would score each risky
example as a wrong topic. Risk detection is measured separately, on whole
conversations, by `python -m bot evaluate`.
"""
from __future__ import annotations

import asyncio
import sys

import yaml

from bot import paths

GATE = "bot.nlu.safety_gate.SafetyGate"


def pipeline_without_gate() -> dict:
    config = yaml.safe_load((paths.ROOT / "config.yml").read_text(encoding="utf-8"))
    config["pipeline"] = [c for c in config["pipeline"] if c.get("name") != GATE]
    config.pop("policies", None)
    return config


def main(folds: int = 5, output: str = "results/crossval") -> int:
    import logging

    from rasa.model_testing import perform_nlu_cross_validation
    from rasa.shared.nlu.training_data.loading import load_data
    from rasa.utils.log_utils import configure_structlog

    # Rasa's structlog prints every parsed example at debug level otherwise.
    configure_structlog(logging.WARNING)
    data = load_data(str(paths.ROOT / "data" / "nlu"))
    asyncio.run(perform_nlu_cross_validation(
        pipeline_without_gate(), data, output, {"folds": folds, "disable_plotting": True}))
    print(f"crossval: per-intent report in {output}/intent_report.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
