"""Rasa's command line (`python -m bot.rasa_cli run ...` = `rasa run ...`) with
one speed fix applied first; the launcher starts Rasa this way.

Rasa 3.6 checks every action server response with `jsonschema.validate()`,
which first re-checks Rasa's large events schema against the JSON Schema
meta-schema, on every call. Measured with cProfile (bench/LEVERS.md) that was
most of Rasa's CPU per message. Here the validator is built once; a valid
response passes the same schema, and an invalid one still goes through Rasa's
own check, so it fails with Rasa's own error.
"""
from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def _action_result_validator():
    from jsonschema.validators import validator_for
    from rasa.core.actions.action import RemoteAction

    schema = RemoteAction.action_response_format_spec()
    cls = validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def speed_up_action_result_validation() -> None:
    from rasa.core.actions.action import RemoteAction

    rasa_check = RemoteAction._validate_action_result
    if getattr(rasa_check, "kit_cached", False):
        return

    def validate_action_result(self, result) -> bool:
        if _action_result_validator().is_valid(result):
            return True
        return rasa_check(self, result)

    validate_action_result.kit_cached = True
    RemoteAction._validate_action_result = validate_action_result


def main() -> None:
    speed_up_action_result_validation()
    from rasa.__main__ import main as rasa_main

    rasa_main()


if __name__ == "__main__":
    main()
