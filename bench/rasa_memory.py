"""Where one Rasa process's memory goes (issue #24), without `make bench`.

    python -m bench.rasa_memory                      # 3 starts, then 1,000 conversations
    python -m bench.rasa_memory --starts 3 --conversations 0

Each start launches one Rasa process the way the launcher does (with the
action server beside it), waits until it answers, sends one short
conversation so lazily built parts exist, and reads its memory from /proc:
RSS (what `make bench` sums), PSS (shared pages split between the processes
that map them) and anonymous (private) memory. The median of the starts is
printed. Then, on the last start, `--conversations` new pupils each send
`--messages` messages through Rasa's REST channel, and the growth of RSS is
divided by the messages held. Conversations stay in Rasa's memory only.
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import statistics
import subprocess
import tempfile
import urllib.request
import uuid
from pathlib import Path
from typing import Dict, List

from bench.load import public_conversations
from bench.run import wait_for
from bot import paths
from bot.launcher import _die_with_parent, parts
from bot.model import is_current, model_path
from bot.settings import load_settings
from tests.stack import free_port

KIB = 1024


def memory_kib(pid: int) -> Dict[str, int]:
    """Rss, Pss and Anonymous of a process, in KiB (/proc/<pid>/smaps_rollup)."""
    wanted = {"Rss", "Pss", "Anonymous"}
    found = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in wanted:
            found[key] = int(rest.split()[0])
    return found


def say(rasa_url: str, sender: str, text: str) -> None:
    request = urllib.request.Request(
        f"{rasa_url}/webhooks/rest/webhook", data=json.dumps({"sender": sender, "message": text}).encode(),
        headers={"Content-Type": "application/json"}, method="POST")
    with urllib.request.urlopen(request, timeout=60) as response:
        if response.status != 200 or not json.loads(response.read()):
            raise RuntimeError(f"Rasa gave no answer to a message ({response.status})")


def conversation(texts: List[str], age_band: str, length: int) -> List[str]:
    """A pupil's messages: the session start with the age band first (as the web app sends it), then
    the conversation's texts, repeated if short."""
    body = (texts * (length // max(len(texts), 1) + 1))[: length - 1]
    return [f'/start_session{{"age_band":"{age_band}"}}', *body]


class OneRasa:
    """The action server and one Rasa process, started as the launcher does."""

    def __init__(self, model: str, database_url: str) -> None:
        settings = dataclasses.replace(load_settings(), rasa_port=free_port(), actions_port=free_port(),
                                       rasa_workers=1, database_url=database_url)
        self.parts = [p for p in parts(settings, model) if p.name in ("actions", "rasa")]
        for part in self.parts:
            part.env.update(DATABASE_URL=database_url)
        self.url = settings.rasa_urls[0]
        self.processes = {p.name: subprocess.Popen(p.command, cwd=paths.ROOT, env=p.env, preexec_fn=_die_with_parent,
                                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                          for p in self.parts}
        for part in self.parts:
            wait_for(part.health_url)

    @property
    def rasa_pid(self) -> int:
        return self.processes["rasa"].pid

    def stop(self) -> None:
        for process in self.processes.values():
            process.terminate()
        for process in self.processes.values():
            process.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--starts", type=int, default=3)
    parser.add_argument("--conversations", type=int, default=1000)
    parser.add_argument("--messages", type=int, default=5)
    parser.add_argument("--cases", type=Path, default=paths.ROOT.parent / "shared/eval/public_cases.yml")
    args = parser.parse_args()
    model_dir = load_settings().model_dir
    if not is_current(model_dir):  # measuring must not start a 7-minute training
        raise SystemExit("kit: the model is missing or out of date: run `make train` first")
    model = str(model_path(model_dir))
    cases = public_conversations(args.cases)
    with tempfile.TemporaryDirectory() as tmp:
        database_url = f"sqlite:///{tmp}/analytics.db"  # ids and counts only
        starts, growth = [], None
        for start in range(args.starts):
            rasa = OneRasa(model, database_url)
            try:
                for text in conversation(cases[0].texts, cases[0].age_band, 3):
                    say(rasa.url, "warm-up", text)
                starts.append(memory_kib(rasa.rasa_pid))
                print(f"start {start + 1}: " + ", ".join(f"{k} {v / KIB:.1f} MB" for k, v in starts[-1].items()),
                      flush=True)
                if start == args.starts - 1 and args.conversations:
                    growth = conversations_growth(rasa, cases, args.conversations, args.messages)
            finally:
                rasa.stop()
    median = {key: statistics.median(s[key] for s in starts) / KIB for key in starts[0]}
    print("median of %d starts: %s" % (len(starts), ", ".join(f"{k} {v:.1f} MB" for k, v in median.items())))
    if growth:
        print(growth)


WARM_UP_CONVERSATIONS = 50  # first-use allocations (caches, arenas) are not per message


def play(rasa: OneRasa, cases, count: int, length: int) -> None:
    for i in range(count):
        case = cases[i % len(cases)]
        sender = uuid.uuid4().hex
        for text in conversation(case.texts, case.age_band, length):
            say(rasa.url, sender, text)


def conversations_growth(rasa: OneRasa, cases, count: int, length: int) -> str:
    play(rasa, cases, WARM_UP_CONVERSATIONS, length)
    before = memory_kib(rasa.rasa_pid)
    play(rasa, cases, count, length)
    after = memory_kib(rasa.rasa_pid)
    held = count * length
    return ("%d conversations x %d messages: RSS +%.1f MB (%.1f KiB a message), anonymous +%.1f MB"
            % (count, length, (after["Rss"] - before["Rss"]) / KIB, (after["Rss"] - before["Rss"]) / held,
               (after["Anonymous"] - before["Anonymous"]) / KIB))


if __name__ == "__main__":
    main()
