"""Rasa's own checks: data validation and test stories (rasa-demo's CI order)."""
from __future__ import annotations

import os
import subprocess
import sys

from bot import paths
from bot.model import TRAINING_DATA, rasa_env


def rasa(*args, env=None):
    return subprocess.run([sys.executable, "-m", "rasa", *args], cwd=paths.ROOT,
                          env=env or rasa_env(), capture_output=True, text=True, timeout=900)


def test_rasa_data_validate_is_clean():
    result = rasa("data", "validate", "--domain", "domain.yml", "--data", *TRAINING_DATA, "--config", "config.yml")
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]


def test_rasa_test_stories_pass_with_fail_on_prediction_errors(stack, tmp_path):
    env = dict(rasa_env(), KIT_ACTIONS_URL=f"http://127.0.0.1:{stack.actions_port}/webhook",
               DATABASE_URL=f"sqlite:///{tmp_path / 'stories.db'}")
    result = rasa("test", "core", "--model", "models/kit.tar.gz", "--stories", "tests/test_stories.yml",
                  "--endpoints", "endpoints.yml", "--fail-on-prediction-errors", "--out", str(tmp_path / "results"), env=env)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
