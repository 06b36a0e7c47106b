"""What a Kit process loaded before serving, kept out of the garbage
collector's reach.

Each process loads most of what it will hold before its first request:
Rasa its model and modules (about 250 thousand objects), the web app and the
action server 80-90 thousand each. A full collection walks every object the
collector tracks with the event loop stopped (Rasa about 100 ms, the others
60-70 ms, on a 2-core machine with one other busy process), and every request
waiting in the queue waits that long too: the latency's tail
(bench/LEVERS.md row 61). Frozen, they are never walked again. What a
process allocates while it serves is collected as before, and a frozen
object is still freed when its last reference goes (only a reference cycle
among them would stay). Applied in the servers' own processes only, not in
tests or the evaluator, which build many apps and agents.
"""
from __future__ import annotations

import gc


def freeze_loaded_objects() -> None:
    gc.collect()  # what is already garbage is freed, not kept for ever
    gc.freeze()


def freeze_after_start(app) -> None:
    """Freeze once a Sanic app has started (its listeners have run)."""
    async def freeze(_app, _loop) -> None:
        freeze_loaded_objects()

    app.register_listener(freeze, "after_server_start")
