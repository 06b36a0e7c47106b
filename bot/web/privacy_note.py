"""GET /privacy: what Kit keeps, told to each age band in words its pupils can
read (the ICO Children's Code asks for this), linked from the widget.

The numbers in it are this deployment's own settings (how long Kit keeps
notes, when it forgets a chat, the small-number threshold) and its locale's
helpline, so the note never promises 90 days where a school keeps 30.
"""
from __future__ import annotations

import functools

from bot import paths
from bot.settings import Settings
from bot.web.help_text import helpline


@functools.lru_cache(maxsize=None)
def privacy_page(settings: Settings) -> str:
    page = (paths.WEB / "privacy.html").read_text(encoding="utf-8")
    facts = {
        "{{idle_minutes}}": str(settings.session_idle_minutes),
        "{{retention_days}}": str(settings.retention_days),
        "{{threshold}}": str(settings.suppression_threshold),
        "{{helpline}}": helpline(settings.locale, as_html=True),
    }
    for marker, value in facts.items():
        page = page.replace(marker, value)
    return page
