"""Blame-language patterns (data/checks/blame.yml) applied to Kit's words."""
from __future__ import annotations

import functools
import re
from typing import List, Tuple

import yaml

from bot import paths

BLAME_FILE = paths.DATA / "checks" / "blame.yml"


@functools.lru_cache(maxsize=1)
def blame_patterns() -> List[Tuple[int, "re.Pattern", str]]:
    spec = yaml.safe_load(BLAME_FILE.read_text(encoding="utf-8"))
    return [(p["id"], re.compile(p["pattern"], re.IGNORECASE), p["issue"]) for p in spec["patterns"]]


def blame_hits(text: str) -> List[Tuple[int, str, str]]:
    """(pattern id, matched words, issue) for every pattern the text matches."""
    plain = text.replace("’", "'")
    return [(pid, m.group(0), issue) for pid, rx, issue in blame_patterns() for m in [rx.search(plain)] if m]
