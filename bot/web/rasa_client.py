"""Talking to Rasa's REST channel on loopback.

With several Rasa processes (KIT_RASA_WORKERS), each conversation always goes
to the same one, chosen from its sender id: a conversation's state lives in
that process's memory, so no shared tracker store or lock is needed. If that
process is down, its pupils get the emergency routes until it is back (the
others carry on); another process would not know their conversation.
"""
from __future__ import annotations

import asyncio
import zlib
from typing import Any, Dict, List, Optional, Sequence

import aiohttp


class RasaUnavailable(Exception):
    """Rasa (or the action server behind it) failed or timed out."""


def to_reply(message: Dict[str, Any]) -> Optional[Dict[str, Any]]:
    if not message.get("text"):
        return None
    reply: Dict[str, Any] = {"text": message["text"]}
    buttons = [
        {"title": str(b["title"]), "payload": str(b["payload"])}
        for b in message.get("buttons") or []
        if b.get("title") and b.get("payload")
    ]
    if buttons:
        reply["buttons"] = buttons
    return reply


def rasa_for(sender: str, base_urls: Sequence[str]) -> str:
    """The Rasa process that holds `sender`'s conversation (stable across
    restarts of the web app, since it depends on the sender id only)."""
    return base_urls[zlib.crc32(sender.encode("utf-8")) % len(base_urls)]


class RasaClient:
    def __init__(self, base_urls: Sequence[str], timeout_seconds: float) -> None:
        self.base_urls = tuple(base_urls)
        self.timeout = aiohttp.ClientTimeout(total=timeout_seconds)
        self._http: Optional[aiohttp.ClientSession] = None

    async def start(self) -> None:
        self._http = aiohttp.ClientSession(timeout=self.timeout)

    async def close(self) -> None:
        if self._http:
            await self._http.close()

    async def send(self, sender: str, text: str, metadata: Dict[str, Any]) -> List[Dict[str, Any]]:
        payload = {"sender": sender, "message": text, "metadata": metadata}
        try:
            async with self._http.post(f"{rasa_for(sender, self.base_urls)}/webhooks/rest/webhook", json=payload) as response:
                if response.status != 200:
                    raise RasaUnavailable(f"status {response.status}")
                messages = await response.json()
        except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as error:
            raise RasaUnavailable(type(error).__name__) from error
        return [reply for reply in map(to_reply, messages) if reply]

    async def is_up(self, url: str) -> bool:
        return await self.get_json(url) is not None

    async def get_json(self, url: str) -> Optional[Any]:
        """The JSON body of a 200 answer from a loopback part, or None if it is down."""
        try:
            async with self._http.get(url, timeout=aiohttp.ClientTimeout(total=2)) as response:
                if response.status != 200:
                    return None
                return await response.json(content_type=None)
        except (aiohttp.ClientError, asyncio.TimeoutError, ValueError):
            return None
