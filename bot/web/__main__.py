"""Run the web app alone: python -m bot.web (the launcher starts it this way)."""
import logging

from bot.gc_freeze import freeze_after_start
from bot.settings import load_settings
from bot.web.app import create_app

settings = load_settings()
logging.basicConfig(level=settings.log_level)
app = create_app(settings)
freeze_after_start(app)
app.run(
    host=settings.web_host, port=settings.web_port, access_log=False, motd=False, workers=1
)
