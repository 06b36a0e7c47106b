"""GET /healthz: 200 when the web app, Rasa and the action server all answer."""
from __future__ import annotations

from sanic import Blueprint
from sanic.request import Request
from sanic.response import HTTPResponse, json

health = Blueprint("health")


@health.get("/healthz")
async def healthz(request: Request) -> HTTPResponse:
    ctx = request.app.ctx
    parts = {
        "web": "up",
        "rasa": "up" if await ctx.rasa.is_up(f"{ctx.settings.rasa_url}/webhooks/rest/") else "down",
        "actions": "up" if await ctx.rasa.is_up(f"{ctx.settings.actions_url}/health") else "down",
    }
    ok = all(state == "up" for state in parts.values())
    down = [name for name, state in parts.items() if state != "up"]
    return json({"status": "ok" if ok else "down", "parts": parts, "down": down}, status=200 if ok else 503)
