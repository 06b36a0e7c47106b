"""Pupil sessions the web app has issued, ended after idle time.

Holds only the age band and class id: no text. Two stores with one interface:
`SessionStore` in memory (one web replica) and `RedisSessionStore` (several web
replicas share it; Redis expires idle sessions itself). `KIT_SESSION_STORE`
chooses.
"""
from __future__ import annotations

import json
import secrets
import time
from dataclasses import dataclass, field
from typing import Dict, Optional


@dataclass
class PupilSession:
    age_band: Optional[str]
    class_id: Optional[int]
    last_seen: float = field(default_factory=time.monotonic)


def new_session_id() -> str:
    return secrets.token_urlsafe(24)


class SessionStore:
    def __init__(self, idle_seconds: float) -> None:
        self.idle_seconds = idle_seconds
        self._sessions: Dict[str, PupilSession] = {}

    async def create(self, age_band: Optional[str], class_id: Optional[int]) -> str:
        self._expire()
        session_id = new_session_id()
        self._sessions[session_id] = PupilSession(age_band, class_id)
        return session_id

    async def get(self, session_id: str) -> Optional[PupilSession]:
        self._expire()
        session = self._sessions.get(session_id)
        if session is not None:
            session.last_seen = time.monotonic()
        return session

    async def close(self) -> None:
        self._sessions.clear()

    def _expire(self) -> None:
        cutoff = time.monotonic() - self.idle_seconds
        for session_id in [s for s, v in self._sessions.items() if v.last_seen < cutoff]:
            del self._sessions[session_id]


class RedisSessionStore:
    """Sessions as small JSON values under `kit:session:<id>`, with an idle TTL."""

    PREFIX = "kit:session:"

    def __init__(self, idle_seconds: float, redis) -> None:
        self.idle_seconds = max(1, int(idle_seconds))
        self.redis = redis

    async def create(self, age_band: Optional[str], class_id: Optional[int]) -> str:
        session_id = new_session_id()
        value = json.dumps({"age_band": age_band, "class_id": class_id})
        await self.redis.set(self.PREFIX + session_id, value, ex=self.idle_seconds)
        return session_id

    async def get(self, session_id: str) -> Optional[PupilSession]:
        key = self.PREFIX + session_id
        value = await self.redis.getex(key, ex=self.idle_seconds)
        if value is None:
            return None
        data = json.loads(value)
        return PupilSession(data.get("age_band"), data.get("class_id"))

    async def close(self) -> None:
        await self.redis.close()


def session_store_for(settings):
    idle = settings.session_idle_minutes * 60
    if settings.session_store == "memory":
        return SessionStore(idle)
    if settings.session_store == "redis":
        from redis import asyncio as aioredis

        if not settings.redis_password:
            raise ValueError("KIT_SESSION_STORE=redis needs KIT_REDIS_PASSWORD: Redis without a password is refused")

        client = aioredis.Redis(
            host=settings.redis_host, port=settings.redis_port, db=settings.redis_db,
            password=settings.redis_password or None, socket_timeout=5, socket_connect_timeout=5,
        )
        return RedisSessionStore(idle, client)
    raise ValueError(f"KIT_SESSION_STORE must be 'memory' or 'redis', not {settings.session_store!r}")
