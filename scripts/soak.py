"""`make soak`: a bounded loopback soak of the whole stack.

Starts Kit (launcher, action server, Rasa, web app) on free 127.0.0.1 ports,
lets a few simulated pupils chat for KIT_SOAK_SECONDS (default 600), and
reports the stack's memory growth after warm-up and the errors seen. Fails
(exit 1) when memory grows more than KIT_SOAK_MAX_GROWTH (default 0.10) or
any request fails. Loopback only; every loop is bounded in time.
"""
from __future__ import annotations

import json
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

from bot import paths
from bot.model import ensure_trained
from bot.settings import load_settings
from tests.stack import Stack, post, start_stack

CONVERSATIONS = [
    ["how do i make my account private", "what about my location", "thanks"],
    ["people keep leaving mean comments on everything i post", "how do i report them", "ok"],
    ["someone online keeps asking me for pictures with no clothes on", "/safe_yes", "thank you"],
    ["someone i met in a game wants to meet up", "should i tell my mum", "/safe_unsure"],
    ["hello", "/ask_capabilities", "bye"],
]
BANDS = ["8-10", "11-13", "14-18"]


def stack_rss_kib(stack: Stack) -> int:
    total = 0
    for pid in [stack.process.pid] + stack.child_pids():
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total


class Pupils:
    """Simulated pupils: each thread chats through conversations until told to stop."""

    def __init__(self, stack: Stack, count: int, pause: float) -> None:
        self.stack, self.count, self.pause = stack, count, pause
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.requests = 0
        self.errors: dict = {}

    def _note(self, ok: bool, what: str) -> None:
        with self.lock:
            self.requests += 1
            if not ok:
                self.errors[what] = self.errors.get(what, 0) + 1

    def _pupil(self, seed: int) -> None:
        rng = random.Random(seed)
        while not self.stop.is_set():
            status, body = post(f"{self.stack.url}/api/session", {"age_band": rng.choice(BANDS)})
            self._note(status == 200, f"session {status}")
            if status != 200:
                self.stop.wait(1)
                continue
            for text in rng.choice(CONVERSATIONS):
                if self.stop.is_set():
                    return
                status, reply = self.stack.chat(body["session"], text)
                self._note(status == 200 and bool(reply.get("replies")), f"chat {status}")
                self.stop.wait(self.pause)

    def run(self) -> list:
        threads = [threading.Thread(target=self._pupil, args=(i,), daemon=True) for i in range(self.count)]
        for thread in threads:
            thread.start()
        return threads


def soak(seconds: float, warmup: float, pupils: int, sample_every: float) -> dict:
    ensure_trained(load_settings().model_dir)
    workdir = Path(tempfile.mkdtemp(prefix="kit-soak-"))
    stack = start_stack(workdir)
    crowd = Pupils(stack, pupils, pause=0.5)
    samples = []
    started = time.monotonic()
    try:
        threads = crowd.run()
        while time.monotonic() - started < seconds:
            time.sleep(sample_every)
            samples.append((round(time.monotonic() - started), stack_rss_kib(stack)))
            print(f"soak: {samples[-1][0]:>4}s  rss {samples[-1][1] / 1024:.0f} MiB  "
                  f"requests {crowd.requests}  errors {sum(crowd.errors.values())}", flush=True)
        crowd.stop.set()
        for thread in threads:
            thread.join(timeout=30)
    finally:
        stack.stop()
    after_warmup = [rss for t, rss in samples if t >= warmup]
    baseline = statistics.median(after_warmup[:3])
    final = statistics.median(after_warmup[-3:])
    return {
        "seconds": seconds, "pupils": pupils, "requests": crowd.requests,
        "errors": sum(crowd.errors.values()), "error_kinds": crowd.errors,
        "rss_after_warmup_mib": round(baseline / 1024, 1), "rss_at_end_mib": round(final / 1024, 1),
        "memory_growth": round((final - baseline) / baseline, 4), "samples": samples,
    }


def main() -> int:
    seconds = float(os.environ.get("KIT_SOAK_SECONDS", 600))
    max_growth = float(os.environ.get("KIT_SOAK_MAX_GROWTH", 0.10))
    warmup = min(60.0, seconds / 4)
    report = soak(seconds, warmup, pupils=int(os.environ.get("KIT_SOAK_PUPILS", 4)),
                  sample_every=max(2.0, min(15.0, seconds / 40)))
    out = paths.ROOT / "results" / "soak.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(report, indent=2))
    ok = report["errors"] == 0 and report["memory_growth"] <= max_growth
    print(f"soak: {report['requests']} requests in {seconds:.0f}s, errors {report['errors']} "
          f"{report['error_kinds'] or ''}, memory {report['rss_after_warmup_mib']} -> "
          f"{report['rss_at_end_mib']} MiB ({report['memory_growth']:+.1%}, limit {max_growth:.0%}) "
          f"=> {'PASS' if ok else 'FAIL'}  (report: {out.relative_to(paths.ROOT)})", flush=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
