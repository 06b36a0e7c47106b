"""Load generators: simulated pupils, each in its own session, sending messages
drawn from the public evaluation conversations.

- sustained: open-loop arrivals. Each pupil sends its next message after an
  exponential think time, whether or not the last reply has come back, so a
  slow server cannot slow the offered load down (no coordinated omission).
- saturation: closed loop, N pupils with no think time.

A target is Kit's pupil API or a Rasa REST channel; both are driven the same way.
"""
from __future__ import annotations

import asyncio
import random
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Sequence

import aiohttp

from bot.evaluate import load_conversations
from bot.safety.net import emergency_replies
from bot.web.rasa_client import rasa_for

REQUEST_TIMEOUT_SECONDS = 30


class LoadError(Exception):
    """A request that failed, timed out or got no real answer."""


@dataclass
class Conversation:
    age_band: str
    texts: List[str]


def public_conversations(path: Path) -> List[Conversation]:
    return [Conversation(conv[0].age_band, [m.text for m in conv]) for conv in load_conversations(path)]


class Recorder:
    """Latencies and errors of one kind of request, over one or more rounds."""

    def __init__(self) -> None:
        self.latencies: List[float] = []
        self.errors: Counter = Counter()
        self.seconds = 0.0
        self.round_throughputs: List[float] = []
        self._round_start: Optional[float] = None
        self._round_ok = 0

    def begin(self) -> float:
        self._round_start, self._round_ok = time.monotonic(), len(self.latencies)
        return self._round_start

    def end(self) -> None:
        seconds = time.monotonic() - self._round_start
        self.seconds += seconds
        self.round_throughputs.append(round((len(self.latencies) - self._round_ok) / seconds, 2))

    async def timed(self, coroutine) -> None:
        begin = time.monotonic()
        try:
            await coroutine
        except LoadError as error:
            self.errors[str(error)] += 1
        except (aiohttp.ClientError, asyncio.TimeoutError) as error:
            self.errors[type(error).__name__] += 1
        else:
            self.latencies.append(time.monotonic() - begin)

    def summary(self) -> Dict:
        ordered = sorted(self.latencies)

        def ms(seconds: float) -> float:
            return round(seconds * 1000, 1)

        def pct(q: float) -> Optional[float]:
            return ms(ordered[min(len(ordered) - 1, int(q * len(ordered)))]) if ordered else None

        return {
            "requests": len(ordered) + sum(self.errors.values()),
            "ok": len(ordered),
            "errors": sum(self.errors.values()),
            "error_kinds": dict(self.errors),
            "round_throughputs_per_s": self.round_throughputs,
            "seconds": round(self.seconds, 2),
            "throughput_per_s": round(len(ordered) / self.seconds, 2) if self.seconds else None,
            "p50_ms": pct(0.50),
            "p95_ms": pct(0.95),
            "p99_ms": pct(0.99),
            "max_ms": ms(ordered[-1]) if ordered else None,
        }


async def _json(response: aiohttp.ClientResponse):
    if response.status != 200:
        raise LoadError(f"HTTP {response.status}")
    return await response.json()


class KitApi:
    """Kit's public pupil API: POST /api/session, then POST /api/chat."""

    name = "kit web API"
    EMERGENCY_ONLY = emergency_replies()

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url

    def _check(self, body) -> None:
        replies = body.get("replies") if isinstance(body, dict) else None
        if not replies:
            raise LoadError("no replies")
        # The web app's safety net answers alone only when Rasa failed or said nothing.
        if replies == self.EMERGENCY_ONLY:
            raise LoadError("emergency fallback")

    async def open(self, http: aiohttp.ClientSession, age_band: str) -> str:
        async with http.post(f"{self.base_url}/api/session", json={"age_band": age_band}) as response:
            body = await _json(response)
        self._check(body)
        return body["session"]

    async def send(self, http: aiohttp.ClientSession, session: str, text: str) -> None:
        async with http.post(f"{self.base_url}/api/chat", json={"session": session, "text": text}) as response:
            self._check(await _json(response))


class RasaRest:
    """Rasa's REST channel directly, the way Kit's web app calls it: with
    several Rasa processes, each sender goes to the one the web app would pick."""

    name = "rasa REST"

    def __init__(self, *base_urls: str) -> None:
        self.base_urls = base_urls

    async def _post(self, http: aiohttp.ClientSession, sender: str, text: str) -> None:
        url = f"{rasa_for(sender, self.base_urls)}/webhooks/rest/webhook"
        async with http.post(url, json={"sender": sender, "message": text, "metadata": {}}) as response:
            body = await _json(response)
        if not isinstance(body, list):
            raise LoadError("bad body")

    async def open(self, http: aiohttp.ClientSession, age_band: str) -> str:
        sender = uuid.uuid4().hex
        await self._post(http, sender, f'/start_session{{"age_band":"{age_band}"}}')
        return sender

    async def send(self, http: aiohttp.ClientSession, session: str, text: str) -> None:
        await self._post(http, session, text)


class Pupil:
    """One simulated pupil: one session, conversations one after another."""

    def __init__(self, conversations: Sequence[Conversation], rng: random.Random) -> None:
        self.conversations, self.rng = conversations, rng
        self.first = rng.choice(conversations)
        self.queue: List[str] = list(self.first.texts)
        self.session: Optional[str] = None

    def next_text(self) -> str:
        if not self.queue:
            self.queue = list(self.rng.choice(self.conversations).texts)
        return self.queue.pop(0)


def _client(concurrency: int) -> aiohttp.ClientSession:
    return aiohttp.ClientSession(
        connector=aiohttp.TCPConnector(limit=concurrency),
        timeout=aiohttp.ClientTimeout(total=REQUEST_TIMEOUT_SECONDS),
    )


async def _open_sessions(target, http, pupils: List[Pupil], concurrency: int, recorder: Recorder) -> None:
    gate = asyncio.Semaphore(concurrency)

    async def open_one(pupil: Pupil) -> None:
        async with gate:
            pupil.session = await target.open(http, pupil.first.age_band)

    recorder.begin()
    await asyncio.gather(*(recorder.timed(open_one(p)) for p in pupils))
    recorder.end()


@dataclass
class Result:
    """Chat messages and session starts, recorded separately."""

    chat: Recorder = field(default_factory=Recorder)
    sessions: Recorder = field(default_factory=Recorder)
    extra: Dict = field(default_factory=dict)

    def summary(self) -> Dict:
        return dict(self.chat.summary(), sessions=self.sessions.summary(), **self.extra)


def _crowd(conversations: Sequence[Conversation], size: int, seed: int) -> List[Pupil]:
    rng = random.Random(seed)
    return [Pupil(conversations, random.Random(rng.random())) for _ in range(size)]


async def sustained(target, conversations: Sequence[Conversation], pupils: int = 300,
                    mean_think_seconds: float = 10.0, seconds: float = 60.0, seed: int = 9) -> Result:
    """Open loop: each pupil's messages arrive as a Poisson process."""
    crowd, result = _crowd(conversations, pupils, seed), Result()
    async with _client(concurrency=0) as http:
        await _open_sessions(target, http, crowd, 10, result.sessions)
        in_flight, lateness = set(), []
        start = result.chat.begin()
        end = start + seconds

        async def pupil_loop(pupil: Pupil) -> None:
            due = start + pupil.rng.expovariate(1 / mean_think_seconds)
            while due < end:
                await asyncio.sleep(max(0.0, due - time.monotonic()))
                lateness.append(time.monotonic() - due)
                if pupil.session is None:
                    result.chat.errors["no session"] += 1
                else:
                    send = target.send(http, pupil.session, pupil.next_text())
                    task = asyncio.ensure_future(result.chat.timed(send))
                    in_flight.add(task)
                    task.add_done_callback(in_flight.discard)
                due += pupil.rng.expovariate(1 / mean_think_seconds)

        await asyncio.gather(*(pupil_loop(p) for p in crowd))
        if in_flight:
            await asyncio.wait(set(in_flight))
        result.chat.end()
    lateness.sort()
    result.extra = {
        "pupils": pupils,
        "offered_per_s": round(pupils / mean_think_seconds, 2),
        "send_lateness_p99_ms": round(lateness[int(0.99 * (len(lateness) - 1))] * 1000, 1) if lateness else None,
    }
    return result


async def saturation(target, conversations: Sequence[Conversation], result: Result, concurrent: int = 30,
                     seconds: float = 10.0, seed: int = 9) -> Result:
    """Closed loop, one round added to `result`: each of `concurrent` new pupils
    sends its next message as soon as the reply comes back."""
    crowd = _crowd(conversations, concurrent, seed)
    async with _client(concurrency=concurrent) as http:
        await _open_sessions(target, http, crowd, concurrent, result.sessions)
        end = result.chat.begin() + seconds

        async def pupil_loop(pupil: Pupil) -> None:
            while time.monotonic() < end and pupil.session is not None:
                await result.chat.timed(target.send(http, pupil.session, pupil.next_text()))

        await asyncio.gather(*(pupil_loop(p) for p in crowd))
        result.chat.end()
    result.extra = {"concurrent": concurrent}
    return result
