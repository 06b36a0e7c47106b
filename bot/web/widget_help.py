"""widget.js as served: with the locale's helpline and emergency number.

The widget shows a help strip, and a note when it cannot reach the server,
from text it carries itself, so a pupil sees a route to help even when Kit is
down. That text must be the deployment's: Kids Helpline and 000 in Australia,
not Childline and 999. The file carries the UK's between `/* kit:help */` and
the end of the object; the server writes the active locale's there.
"""
from __future__ import annotations

import functools
import json
import re

from bot import paths
from bot.routes import emergency_number, load_routes

MARKER = re.compile(r"/\* kit:help \*/ \{[^}]*\}")


def widget_help(locale: str) -> dict:
    helpline = load_routes(locale)["childline"]
    return {
        "helpline": helpline["name"],
        "helplinePhone": helpline["phone"],
        # "free" only where the route's own words (checked facts) say so.
        "helplineFree": "free" in helpline["say"]["8-10"].lower(),
        "emergency": emergency_number(locale),
    }


@functools.lru_cache(maxsize=None)
def widget_js(locale: str) -> str:
    source = (paths.WEB / "widget.js").read_text(encoding="utf-8")
    if len(MARKER.findall(source)) != 1:
        raise RuntimeError("web/widget.js must hold exactly one `/* kit:help */ {...}` object")
    help_json = json.dumps(widget_help(locale), ensure_ascii=False)
    return MARKER.sub(lambda _: f"/* kit:help */ {help_json}", source)
