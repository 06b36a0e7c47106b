"""The web app factory: blueprints per audience, listeners for shared clients."""
from __future__ import annotations

from sanic import Sanic

from bot.settings import Settings
from bot.web.cors import register_cors
from bot.web.errors import register_error_handlers
from bot.web.health import health
from bot.web.pages import pages
from bot.web.pupil import pupil
from bot.web.rasa_client import RasaClient
from bot.web.sessions import SessionStore

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Content-Security-Policy": "default-src 'self'; frame-ancestors 'self'; base-uri 'none'; form-action 'self'",
}


def create_app(settings: Settings, name: str = "kit") -> Sanic:
    app = Sanic(name)
    app.config.REQUEST_MAX_SIZE = 16 * 1024  # chat bodies are tiny
    app.config.FALLBACK_ERROR_FORMAT = "json"
    app.ctx.settings = settings
    app.ctx.sessions = SessionStore(settings.session_idle_minutes * 60)
    app.ctx.rasa = RasaClient(settings.rasa_url, settings.rasa_timeout_seconds)
    app.blueprint(pupil)
    app.blueprint(health)
    app.blueprint(pages)
    register_cors(app)
    register_error_handlers(app)

    @app.listener("before_server_start")
    async def open_clients(app, _loop):
        await app.ctx.rasa.start()

    @app.listener("after_server_stop")
    async def close_clients(app, _loop):
        await app.ctx.rasa.close()

    @app.on_response
    async def security_headers(request, response):
        for header, value in SECURITY_HEADERS.items():
            response.headers.setdefault(header, value)

    return app
