"""The `python -m bot evaluate` options, apart from bot/evaluate.py so that the
command line can list them without importing Rasa (whose import prints
deprecation warnings in every other command, such as `teacher`)."""
from __future__ import annotations

import argparse
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, help="a case file in the shared format")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.add_argument("--min-topic-accuracy", type=float)
    parser.add_argument("--min-risk-recall", type=float, help="for each of disclosure, danger, self_harm")
    parser.add_argument("--min-signpost-coverage", type=float)
    parser.add_argument("--max-false-alarm-rate", type=float)
    parser.add_argument("--fail-on-blame", action="store_true")
    parser.add_argument("--fail-on-must-not", action="store_true")
