"""Settings, read once from the environment (and .env) into a typed object.

Every setting is documented in .env.example.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Tuple

from dotenv import load_dotenv

from bot import paths


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


@dataclass(frozen=True)
class Settings:
    web_host: str
    web_port: int
    rasa_port: int
    actions_port: int
    database_url: str
    max_text_length: int
    rasa_timeout_seconds: float
    session_idle_minutes: int
    model_dir: str
    log_level: str
    restart_delay_seconds: float
    widget_origins: Tuple[str, ...] = ()

    @property
    def rasa_url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}"

    @property
    def actions_url(self) -> str:
        return f"http://127.0.0.1:{self.actions_port}"


def load_settings() -> Settings:
    load_dotenv(paths.ROOT / ".env", override=False)
    return Settings(
        web_host=os.environ.get("KIT_WEB_HOST", "0.0.0.0"),
        web_port=_int("KIT_WEB_PORT", 8000),
        rasa_port=_int("KIT_RASA_PORT", 5005),
        actions_port=_int("KIT_ACTIONS_PORT", 5055),
        database_url=os.environ.get(
            "DATABASE_URL", f"sqlite:///{paths.ROOT / 'var' / 'kit.db'}"
        ),
        max_text_length=_int("KIT_MAX_TEXT_LENGTH", 1000),
        rasa_timeout_seconds=float(os.environ.get("KIT_RASA_TIMEOUT", 10)),
        session_idle_minutes=_int("KIT_SESSION_IDLE_MINUTES", 60),
        model_dir=os.environ.get("KIT_MODEL_DIR", str(paths.ROOT / "models")),
        log_level=os.environ.get("KIT_LOG_LEVEL", "INFO"),
        restart_delay_seconds=float(os.environ.get("KIT_RESTART_DELAY", 2)),
        widget_origins=tuple(
            origin.strip().rstrip("/")
            for origin in os.environ.get("KIT_WIDGET_ORIGINS", "").split(",")
            if origin.strip() and origin.strip() != "null"
        ),
    )
