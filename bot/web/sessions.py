"""Pupil sessions the web app has issued, in memory, ended after idle time.

Holds only the age band and class id: no text.
"""
from __future__ import annotations

import secrets
import time
from dataclasses import dataclass, field
from typing import Dict, Optional


@dataclass
class PupilSession:
    age_band: Optional[str]
    class_id: Optional[int]
    last_seen: float = field(default_factory=time.monotonic)


class SessionStore:
    def __init__(self, idle_seconds: float) -> None:
        self.idle_seconds = idle_seconds
        self._sessions: Dict[str, PupilSession] = {}

    def create(self, age_band: Optional[str], class_id: Optional[int]) -> str:
        self._expire()
        session_id = secrets.token_urlsafe(24)
        self._sessions[session_id] = PupilSession(age_band, class_id)
        return session_id

    def get(self, session_id: str) -> Optional[PupilSession]:
        self._expire()
        session = self._sessions.get(session_id)
        if session is not None:
            session.last_seen = time.monotonic()
        return session

    def _expire(self) -> None:
        cutoff = time.monotonic() - self.idle_seconds
        for session_id in [s for s, v in self._sessions.items() if v.last_seen < cutoff]:
            del self._sessions[session_id]
