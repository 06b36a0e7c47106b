"""GET /healthz: 200 when the web app, Rasa and the action server all answer.

With several Rasa processes, `rasa` is up only when every one answers, and
`rasa_workers` gives each one's state in port order.

Also shows how many analytics events the action server could not write
(`analytics_lost`), so a database outage is visible, not silent.

The details (which part, how many workers, lost events) go only to a caller
on this machine's loopback with no proxy in between; anyone else, the load
balancer's probes included, gets the status code and {"status"}, which tells
an outsider nothing about the topology.
"""
from __future__ import annotations

import asyncio
import ipaddress

from sanic import Blueprint
from sanic.request import Request
from sanic.response import HTTPResponse, json

health = Blueprint("health")

FORWARDING_HEADERS = ("forwarded", "x-forwarded-for", "x-real-ip")


def from_loopback(request: Request) -> bool:
    """The peer is loopback and no proxy forwarded the request for someone else
    (a proxy on the same host would otherwise make every visitor loopback)."""
    if any(header in request.headers for header in FORWARDING_HEADERS):
        return False
    try:
        return ipaddress.ip_address(request.ip).is_loopback
    except ValueError:
        return False


@health.get("/healthz")
async def healthz(request: Request) -> HTTPResponse:
    ctx = request.app.ctx
    metrics, *rasa_up = await asyncio.gather(
        ctx.rasa.get_json(f"{ctx.settings.actions_url}/metrics"),
        *(ctx.rasa.is_up(f"{url}/webhooks/rest/") for url in ctx.settings.rasa_urls),
    )
    parts = {
        "web": "up",
        "rasa": "up" if all(rasa_up) else "down",
        "actions": "up" if metrics is not None else "down",
    }
    ok = all(state == "up" for state in parts.values())
    down = [name for name, state in parts.items() if state != "up"]
    body = {"status": "ok" if ok else "down"}
    if from_loopback(request):
        body.update(parts=parts, down=down, rasa_workers=["up" if up else "down" for up in rasa_up])
        if isinstance(metrics, dict) and isinstance(metrics.get("analytics_lost"), int):
            body["analytics_lost"] = metrics["analytics_lost"]
    return json(body, status=200 if ok else 503)
