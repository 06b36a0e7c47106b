"""The web app factory: blueprints per audience, listeners for shared clients."""
from __future__ import annotations

from pathlib import Path

from sanic import Sanic
from sanic.log import logger
from sqlalchemy.exc import SQLAlchemyError

from bot.safeguarding.next_steps import next_steps
from bot.safeguarding.notify import email_enabled, email_loop
from bot.settings import Settings
from bot.store.db import engine_for
from bot.web.errors import register_error_handlers
from bot.web.health import health
from bot.web.help_text import index_page
from bot.web.join import join
from bot.web.pages import pages
from bot.web.preview import preview_blueprint
from bot.web.pupil import pupil
from bot.web.rasa_client import RasaClient
from bot.web.widget_help import widget_js
from bot.web.ratelimit import RateLimits
from bot.web.security import Cors, SecurityHeaders
from bot.web.sessions import session_store_for
from bot.web.teacher_auth import current_teacher, teacher_auth
from bot.web.blocking import in_thread
from bot.web.teacher_classes import teacher_classes
from bot.web.teacher_dsl import teacher_dsl
from bot.web.teacher_pages import teacher_pages


async def _is_teacher(request) -> bool:
    return await current_teacher(request) is not None


def create_app(settings: Settings, name: str = "kit") -> Sanic:
    app = Sanic(name)
    app.config.REQUEST_MAX_SIZE = 16 * 1024  # chat bodies are tiny
    app.config.FALLBACK_ERROR_FORMAT = "json"
    app.ctx.settings = settings
    # A widget or page without its locale's help text must not start.
    widget_js(settings.locale)
    index_page(settings.locale)
    next_steps(settings.procedure_file)  # nor with a school procedure file it cannot read
    app.ctx.sessions = session_store_for(settings)
    app.ctx.limits = RateLimits(settings)
    app.ctx.cors = Cors(settings.cors_origins, settings.locale)
    headers = SecurityHeaders(settings.frame_ancestors, settings.hsts_seconds)
    app.ctx.rasa = RasaClient(settings.rasa_urls, settings.rasa_timeout_seconds)
    app.blueprint(pupil)
    app.blueprint(health)
    app.blueprint(pages)
    app.blueprint(join)
    app.blueprint(teacher_auth)
    app.blueprint(teacher_classes)
    app.blueprint(teacher_dsl)
    app.blueprint(teacher_pages)
    app.blueprint(preview_blueprint(Path(settings.preview_dir), guard=_is_teacher))
    register_error_handlers(app)

    @app.listener("before_server_start")
    async def open_clients(app, _loop):
        try:
            engine_for(settings.database_url)  # migrates the database to the newest schema
        except SQLAlchemyError as error:  # pupils still chat; teacher pages answer 503
            logger.error("kit: database unavailable at start (%s)", type(error).__name__)
        await app.ctx.rasa.start()

    @app.listener("after_server_start")
    async def start_alert_email(app, loop):
        app.ctx.alert_email = loop.create_task(email_loop(settings, in_thread)) if email_enabled(settings) else None

    @app.listener("before_server_stop")
    async def stop_alert_email(app, _loop):
        if app.ctx.alert_email is not None:
            app.ctx.alert_email.cancel()

    @app.listener("after_server_stop")
    async def close_clients(app, _loop):
        await app.ctx.rasa.close()
        await app.ctx.sessions.close()

    @app.on_response
    async def add_security_headers(request, response):
        for header, value in headers.for_path(request.path).items():
            response.headers.setdefault(header, value)
        if request.path.startswith("/api/teacher"):
            response.headers.setdefault("Cache-Control", "no-store")  # class data stays off shared caches
        app.ctx.cors.add_headers(request, response)

    return app
