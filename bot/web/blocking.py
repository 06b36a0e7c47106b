"""Running blocking work (database calls, password hashing) off the event loop."""
from __future__ import annotations

import asyncio
import functools


async def in_thread(function, *args, **kwargs):
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(None, functools.partial(function, *args, **kwargs))
