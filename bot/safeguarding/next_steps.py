"""What to do next for each alert category: Kit's UK default
(next_steps.yml), with the school's own procedure (KIT_PROCEDURE_FILE)
replacing it category by category."""
from __future__ import annotations

import functools
from pathlib import Path
from typing import Dict, List, Tuple

import yaml

from bot.safety.categories import ALERT_CATEGORIES

DEFAULT = Path(__file__).with_name("next_steps.yml")


def _read(path: Path) -> Dict[str, List[str]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected categories, each with a list of steps")
    steps = {}
    for category, items in data.items():
        if category not in ALERT_CATEGORIES:
            raise ValueError(f"{path}: unknown alert category {category!r} (one of {', '.join(ALERT_CATEGORIES)})")
        if not isinstance(items, list) or not items or not all(isinstance(i, str) and i.strip() for i in items):
            raise ValueError(f"{path}: {category} needs a list of steps in plain text")
        steps[category] = [item.strip() for item in items]
    return steps


@functools.lru_cache(maxsize=None)
def next_steps(procedure_file: str = "") -> Dict[str, Tuple[str, ...]]:
    """Every category's steps; a bad school file stops start-up with a sentence."""
    steps = _read(DEFAULT)
    missing = set(ALERT_CATEGORIES) - set(steps)
    if missing:
        raise ValueError(f"{DEFAULT}: no steps for {', '.join(sorted(missing))}")
    if procedure_file:
        steps.update(_read(Path(procedure_file)))
    return {category: tuple(items) for category, items in steps.items()}
