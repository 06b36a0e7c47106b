"""The action server: rasa_sdk's app, made private and observable.

`python -m actions.server --port N` instead of `python -m rasa_sdk`, because
rasa_sdk 3.6.2's own runner
- binds 0.0.0.0 unless SANIC_HOST is set, and allows CORS from "*";
- answers an action error with the whole request body (the tracker, so the
  child's words) and logs the traceback, which Rasa then logs again.
Here the server binds 127.0.0.1, has no CORS, answers errors with the error's
type only, and adds GET /metrics with the count of analytics events lost.
"""
from __future__ import annotations

import argparse
import logging

from rasa_sdk.endpoint import create_app
from sanic import Sanic
from sanic.request import Request
from sanic.response import HTTPResponse, json

from actions import analytics
from bot.gc_freeze import freeze_after_start

logger = logging.getLogger(__name__)


def build_app() -> Sanic:
    app = create_app("actions", cors_origins=None)
    # Rasa keeps its connections here open and drops idle ones after 15 s
    # (bot/rasa_cli.py): the server must not close them first.
    app.config.KEEP_ALIVE_TIMEOUT = 60

    async def private_error(request: Request, error: Exception) -> HTTPResponse:
        logger.error("action server error %s on %s", type(error).__name__, request.path)
        return json({"error": type(error).__name__}, status=500)

    app.error_handler.add(Exception, private_error)

    @app.get("/metrics")
    async def metrics(_request: Request) -> HTTPResponse:
        return json({"analytics_lost": analytics.lost_count()})

    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=5055)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("sanic.access").setLevel(logging.WARNING)
    app = build_app()
    freeze_after_start(app)
    app.run(host="127.0.0.1", port=args.port, workers=1, access_log=False, motd=False)


if __name__ == "__main__":
    main()
