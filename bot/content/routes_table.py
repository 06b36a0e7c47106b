"""The table of routes per locale in CONTENT.md, written from the routes data.

`python -m bot content routes-table` rewrites it; the content check fails when
it no longer matches the data, so the table cannot go stale.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Optional

from bot import paths
from bot.routes import available_locales, load_locale, substitutions, locale_route, uk_routes

START, END = "<!-- routes-table: written by `python -m bot content routes-table` -->", "<!-- /routes-table -->"
BLOCK = re.compile(re.escape(START) + r".*?" + re.escape(END), re.S)
CONTENT_FILE = paths.ROOT / "CONTENT.md"


def _cell(locale: str, route_id: str) -> str:
    local_id = substitutions(locale).get(route_id)
    route = locale_route(locale, local_id) if local_id else None
    if route is None:
        return "none"
    contact = [c for c in (route.get("phone"), (route.get("url") or "").replace("https://", "")) if c and c != route["name"]]
    bands = f" (ages {', '.join(route['bands'])} only)" if route.get("bands") else ""
    return f"{route['name']}{': ' + ', '.join(contact) if contact else ''}{bands}".replace("|", "/")


def routes_table() -> str:
    """One row per route Kit asks for, one column per locale."""
    locales = available_locales()
    names = [load_locale(locale)["locale"]["name"] for locale in locales]
    rows = ["| route id | " + " | ".join(names) + " |", "|---|" + "---|" * len(locales)]
    for route_id in uk_routes():
        rows.append(f"| `{route_id}` | " + " | ".join(_cell(locale, route_id) for locale in locales) + " |")
    return "\n".join([START, *rows, END])


def stale(file: Optional[Path] = None) -> bool:
    found = BLOCK.search((file or CONTENT_FILE).read_text(encoding="utf-8"))
    return found is None or found.group(0) != routes_table()


def write(file: Optional[Path] = None) -> None:
    file = file or CONTENT_FILE
    text = file.read_text(encoding="utf-8")
    if BLOCK.search(text) is None:
        raise RuntimeError(f"{file.name} has no routes table markers ({START} ... {END})")
    file.write_text(BLOCK.sub(lambda _: routes_table(), text), encoding="utf-8")
