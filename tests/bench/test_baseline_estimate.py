"""`make bench` on a new machine first trains the default baseline (issue 24):
it says for about how long, from the last training's time once there is one."""
from __future__ import annotations

import json

from bench import baseline


def test_the_first_baseline_training_is_announced_at_31_minutes_then_at_its_own_time(tmp_path, monkeypatch):
    monkeypatch.setattr(baseline, "CACHE", tmp_path)
    assert baseline.training_estimate() == 31 * 60
    (tmp_path / "default-0123456789abcdef.json").write_text(json.dumps({"training_seconds": 1712.4}))
    assert baseline.training_estimate() == 1712.4
