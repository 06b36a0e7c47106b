"""The launcher's Rasa entry point: action results are checked against the
same schema, only faster; an invalid result fails exactly as in Rasa."""
from __future__ import annotations

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction

from bot.rasa_cli import speed_up_action_result_validation

VALID = {"events": [{"event": "slot", "name": "topic", "value": "gaming"}],
         "responses": [{"text": "Hello", "buttons": []}]}
INVALID = {"events": [{"event": "slot", "name": 3}], "responses": "not a list"}


@pytest.fixture
def action():
    speed_up_action_result_validation()
    return RemoteAction("action_signpost", None)


def test_a_valid_result_passes(action):
    assert action._validate_action_result(VALID) is True


def test_an_invalid_result_fails_with_rasas_own_error(action):
    with pytest.raises(ValidationError, match="Failed to validate Action server response"):
        action._validate_action_result(INVALID)


def test_patching_twice_keeps_one_wrapper():
    speed_up_action_result_validation()
    first = RemoteAction._validate_action_result
    speed_up_action_result_validation()
    assert RemoteAction._validate_action_result is first
