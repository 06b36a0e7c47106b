"""Settings, read once from the environment (and .env) into a typed object.

Every setting is documented in .env.example.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Tuple

from dotenv import load_dotenv

from bot import paths


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def _float(name: str, default: float) -> float:
    return float(os.environ.get(name, default))


def _rasa_workers() -> int:
    """KIT_RASA_WORKERS, or by default one Rasa process per core, at most 2:
    each takes one core at full load and about 700 MB (bench/LEVERS.md)."""
    value = os.environ.get("KIT_RASA_WORKERS", "auto").strip().lower()
    workers = min(2, os.cpu_count() or 1) if value == "auto" else int(value)
    if workers < 1:
        raise ValueError(f"KIT_RASA_WORKERS must be at least 1, not {workers}")
    return workers


def _list(name: str, default: str = "") -> Tuple[str, ...]:
    """A comma- or space-separated setting, e.g. an allowlist of origins."""
    return tuple(item for item in os.environ.get(name, default).replace(",", " ").split() if item)


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
    locale: str
    # Teacher side (issue 5); each is documented in .env.example.
    retention_days: int = 90
    suppression_threshold: int = 3
    cookie_secure: str = "auto"  # auto (when the request is HTTPS), always, never
    hsts_seconds: int = 0  # Strict-Transport-Security max-age; 0 sends none (no TLS in front)
    teacher_idle_minutes: int = 30
    teacher_session_hours: int = 12
    login_failures_per_account: int = 5
    login_failures_per_address: int = 30
    login_throttle_minutes: int = 15
    # Past the free failures, each sign-in waits this long, doubled per failure, at most the maximum.
    login_delay_seconds: float = 5
    login_max_delay_seconds: float = 60
    public_url: str = ""
    # The content preview site served to signed-in teachers at /preview/.
    preview_dir: str = str(paths.ROOT / "preview")
    rasa_endpoints: str = "endpoints.yml"
    # Rasa processes on rasa_port, rasa_port + 1, ...; each pupil's
    # conversation always goes to the same one (bot/web/rasa_client.py).
    rasa_workers: int = 1
    # Abuse limits: token buckets (per minute refill, burst size). A whole
    # school shares one address, so the per-address ones are sized for a
    # 300-pupil assembly at 30 messages a second (README "Abuse limits").
    session_rate_per_minute: float = 30
    session_rate_burst: int = 20
    address_rate_per_minute: float = 3600
    address_rate_burst: int = 1000
    new_sessions_per_address_per_minute: float = 120
    new_sessions_per_address_burst: int = 400
    new_sessions_per_class_per_minute: float = 20
    new_sessions_per_class_burst: int = 100
    code_guess_rate_per_minute: float = 10
    code_guess_burst: int = 30
    # Browser embedding and cross-origin use (exact origins only).
    frame_ancestors: Tuple[str, ...] = ()
    cors_origins: Tuple[str, ...] = ()
    # Where pupil sessions live: "memory" (one web replica) or "redis" (several).
    session_store: str = "memory"
    redis_host: str = "127.0.0.1"
    redis_port: int = 6379
    redis_db: int = 0
    redis_password: str = field(default="", repr=False)
    # Email to the designated safeguarding leads (bot/safeguarding/notify.py);
    # no email while smtp_host is empty.
    smtp_host: str = ""
    smtp_port: int = 587
    smtp_security: str = "starttls"  # starttls, ssl or none (none: a relay on this machine only)
    smtp_username: str = ""
    smtp_password: str = field(default="", repr=False)
    smtp_from: str = ""
    alert_email_poll_seconds: float = 5
    # The school's own "what to do next" per alert category (YAML); empty: Kit's UK default.
    procedure_file: str = ""

    @property
    def rasa_ports(self) -> Tuple[int, ...]:
        return tuple(self.rasa_port + i for i in range(self.rasa_workers))

    @property
    def rasa_urls(self) -> Tuple[str, ...]:
        return tuple(f"http://127.0.0.1:{port}" for port in self.rasa_ports)

    @property
    def actions_url(self) -> str:
        return f"http://127.0.0.1:{self.actions_port}"


# The abuse limits (README "Abuse limits") and their environment variables;
# their defaults are the Settings fields' own.
RATE_LIMIT_ENV = {
    "session_rate_per_minute": "KIT_RATE_SESSION_PER_MINUTE",
    "session_rate_burst": "KIT_RATE_SESSION_BURST",
    "address_rate_per_minute": "KIT_RATE_ADDRESS_PER_MINUTE",
    "address_rate_burst": "KIT_RATE_ADDRESS_BURST",
    "new_sessions_per_address_per_minute": "KIT_RATE_NEW_SESSIONS_PER_ADDRESS_PER_MINUTE",
    "new_sessions_per_address_burst": "KIT_RATE_NEW_SESSIONS_PER_ADDRESS_BURST",
    "new_sessions_per_class_per_minute": "KIT_RATE_NEW_SESSIONS_PER_CLASS_PER_MINUTE",
    "new_sessions_per_class_burst": "KIT_RATE_NEW_SESSIONS_PER_CLASS_BURST",
    "code_guess_rate_per_minute": "KIT_RATE_CODE_GUESSES_PER_MINUTE",
    "code_guess_burst": "KIT_RATE_CODE_GUESSES_BURST",
}


def _rate_limits() -> dict:
    fields = Settings.__dataclass_fields__
    number = {"float": _float, "int": _int}
    return {name: number[fields[name].type](env, fields[name].default) for name, env in RATE_LIMIT_ENV.items()}


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
        rasa_timeout_seconds=_float("KIT_RASA_TIMEOUT", 10),
        session_idle_minutes=_int("KIT_SESSION_IDLE_MINUTES", 60),
        model_dir=os.environ.get("KIT_MODEL_DIR", str(paths.ROOT / "models")),
        log_level=os.environ.get("KIT_LOG_LEVEL", "INFO"),
        locale=os.environ.get("KIT_LOCALE", "uk"),
        retention_days=_int("RETENTION_DAYS", 90),
        suppression_threshold=_int("KIT_SUPPRESSION_THRESHOLD", 3),
        cookie_secure=os.environ.get("KIT_COOKIE_SECURE", "auto").lower(),
        hsts_seconds=_int("KIT_HSTS_SECONDS", 0),
        teacher_idle_minutes=_int("KIT_TEACHER_IDLE_MINUTES", 30),
        teacher_session_hours=_int("KIT_TEACHER_SESSION_HOURS", 12),
        login_failures_per_account=_int("KIT_LOGIN_FAILURES_PER_ACCOUNT", 5),
        login_failures_per_address=_int("KIT_LOGIN_FAILURES_PER_ADDRESS", 30),
        login_throttle_minutes=_int("KIT_LOGIN_THROTTLE_MINUTES", 15),
        login_delay_seconds=_float("KIT_LOGIN_DELAY_SECONDS", 5),
        login_max_delay_seconds=_float("KIT_LOGIN_MAX_DELAY_SECONDS", 60),
        public_url=os.environ.get("KIT_PUBLIC_URL", "").rstrip("/"),
        preview_dir=os.environ.get("KIT_PREVIEW_DIR", str(paths.ROOT / "preview")),
        restart_delay_seconds=_float("KIT_RESTART_DELAY", 2),
        rasa_endpoints=os.environ.get("KIT_RASA_ENDPOINTS", "endpoints.yml"),
        rasa_workers=_rasa_workers(),
        **_rate_limits(),
        frame_ancestors=_list("KIT_FRAME_ANCESTORS"),
        cors_origins=_list("KIT_CORS_ORIGINS"),
        session_store=os.environ.get("KIT_SESSION_STORE", "memory"),
        redis_host=os.environ.get("KIT_REDIS_HOST", "127.0.0.1"),
        redis_port=_int("KIT_REDIS_PORT", 6379),
        redis_db=_int("KIT_REDIS_DB", 0),
        redis_password=os.environ.get("KIT_REDIS_PASSWORD", ""),
        smtp_host=os.environ.get("KIT_SMTP_HOST", ""),
        smtp_port=_int("KIT_SMTP_PORT", 587),
        smtp_security=os.environ.get("KIT_SMTP_SECURITY", "starttls").strip().lower(),
        smtp_username=os.environ.get("KIT_SMTP_USERNAME", ""),
        smtp_password=os.environ.get("KIT_SMTP_PASSWORD", ""),
        smtp_from=os.environ.get("KIT_SMTP_FROM", ""),
        alert_email_poll_seconds=_float("KIT_ALERT_EMAIL_POLL_SECONDS", 5),
        procedure_file=os.environ.get("KIT_PROCEDURE_FILE", ""),
    )
