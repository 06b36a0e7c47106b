"""What a conversation held in Rasa's memory is made of (issue #24).

    python -m bench.held_events                     # 200 new five-message conversations
    python -m bench.held_events --conversations 100 --messages 10

Plays new conversations in-process, as `bench.rasa_memory` sends them (the
trained model with Kit's runtime fixes, Kit's tracker store, a real action
server), then walks the store with a deep `sys.getsizeof` and prints the bytes
per message held for each event type and for the rest of each tracker (its
slots and fields). An object reachable from several places (a slot's
mappings, an interned name) is counted once, where it is first met. This is
Python's own accounting, not RSS: `bench.rasa_memory` gives the RSS.
"""
from __future__ import annotations

import argparse
import asyncio
import logging
import sys
import uuid
from collections import Counter, deque
from pathlib import Path
from types import FunctionType, ModuleType
from typing import Any, Set

from bench.load import public_conversations
from bench.rasa_memory import conversation
from bot import paths
from bot.evaluate import ActionServer
from bot.model import model_path
from bot.settings import load_settings

SKIPPED = (type, ModuleType, FunctionType)  # shared code, not data


def deep_size(root: Any, seen: Set[int]) -> int:
    """Bytes of `root` and everything it holds that is not in `seen` yet."""
    total, stack = 0, [root]
    while stack:
        obj = stack.pop()
        if id(obj) in seen or isinstance(obj, SKIPPED):
            continue
        seen.add(id(obj))
        total += sys.getsizeof(obj)
        if isinstance(obj, dict):
            stack.extend(obj.keys())
            stack.extend(obj.values())
        elif isinstance(obj, (list, tuple, set, frozenset, deque)):
            stack.extend(obj)
        else:
            if hasattr(obj, "__dict__"):
                stack.append(obj.__dict__)
            for name in getattr(type(obj), "__slots__", ()):
                if hasattr(obj, name):
                    stack.append(getattr(obj, name))
    return total


async def play(agent, cases, count: int, length: int) -> None:
    for i in range(count):
        case = cases[i % len(cases)]
        sender = uuid.uuid4().hex
        for text in conversation(case.texts, case.age_band, length):
            await agent.handle_text(text, sender_id=sender)


def held(store) -> Counter:
    """Bytes by event type (and `tracker` for the rest) over the store's trackers."""
    sizes, seen = Counter(), set()
    for tracker in store.store.values():
        for event in tracker.events:
            sizes[type(event).__name__] += deep_size(event, seen)
        sizes["tracker (slots, fields)"] += deep_size(tracker, seen)
    return sizes


async def measure(args) -> None:
    from rasa.core.agent import Agent
    from rasa.shared.core.domain import Domain
    from rasa.utils.endpoints import EndpointConfig
    from rasa.utils.log_utils import configure_structlog

    from bot.rasa_cli import close_kept_connections, speed_up_rasa
    from bot.tracker_store import KitInMemoryTrackerStore

    configure_structlog(logging.WARNING)
    logging.getLogger("rasa").setLevel(logging.WARNING)
    speed_up_rasa()
    server, store = ActionServer(), KitInMemoryTrackerStore(Domain.empty())
    try:
        endpoint = EndpointConfig(url=f"{server.url}/webhook", enable_selective_domain=True)
        agent = Agent.load(str(model_path(load_settings().model_dir)), action_endpoint=endpoint, tracker_store=store)
        await play(agent, public_conversations(args.cases), args.conversations, args.messages)
        await close_kept_connections()
    finally:
        server.close()
    messages = args.conversations * args.messages
    sizes = held(store)
    counts = Counter(type(e).__name__ for t in store.store.values() for e in t.events)
    print(f"{args.conversations} conversations x {args.messages} messages held: "
          f"{sum(sizes.values()) / messages / 1024:.2f} KiB a message (Python objects)")
    for name, size in sizes.most_common():
        print(f"  {name:26} {size / messages / 1024:6.2f} KiB a message  {counts.get(name, 0) / messages:5.2f} a message")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--conversations", type=int, default=200)
    parser.add_argument("--messages", type=int, default=5)
    parser.add_argument("--cases", type=Path, default=paths.ROOT.parent / "shared/eval/public_cases.yml")
    asyncio.run(measure(parser.parse_args()))


if __name__ == "__main__":
    main()
