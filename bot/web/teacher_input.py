"""Checking what teachers type before it reaches the database: both databases
must accept it (PostgreSQL refuses NUL, neither takes lone surrogates)."""
from __future__ import annotations

import unicodedata
from typing import Any

from bot.web.errors import ApiError

LARGEST_ID = 2**31 - 1  # an INTEGER column; a larger id cannot exist


def plain_text(value: Any, what: str, max_length: int) -> str:
    """A non-empty string without control characters, at most max_length long."""
    if not isinstance(value, str) or not value.strip():
        raise ApiError(f"Please give {what}.")
    if any(unicodedata.category(char) in ("Cc", "Cs") for char in value):
        raise ApiError(f"{what[0].upper()}{what[1:]} contains characters that cannot be used.")
    if len(value) > max_length:
        raise ApiError(f"{what[0].upper()}{what[1:]} must be at most {max_length} characters.")
    return value


def existing_id(value: int) -> bool:
    return 0 < value <= LARGEST_ID
