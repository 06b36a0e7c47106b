"""Emailing the designated safeguarding leads (DSLs) when alerts come in.

The web app checks every few seconds for alerts no DSL was emailed about
(whichever process recorded them) and sends one short email to every enabled
DSL through the school's SMTP server. It says only that a concern exists and
where to look: no class, category, time or words, so a misdirected or
forwarded email tells no one anything about a pupil.
"""
from __future__ import annotations

import asyncio
import logging
import smtplib
import ssl
from email.message import EmailMessage
from typing import List

from sqlalchemy.exc import SQLAlchemyError

from bot.settings import Settings
from bot.store.alert_queue import claim_unemailed, dsl_emails, unclaim

logger = logging.getLogger(__name__)

SUBJECT = "Kit: a new safeguarding concern"
QUEUE_PATH = "/teacher/alerts"


def email_text(settings: Settings, count: int) -> str:
    where = (f"{settings.public_url}{QUEUE_PATH}" if settings.public_url
             else f"Kit's safeguarding alerts page ({QUEUE_PATH} on Kit's address)")
    what = "A new safeguarding concern has" if count == 1 else f"{count} new safeguarding concerns have"
    return (
        f"{what} been raised in Kit.\n\n"
        f"Please sign in to see what kind of concern it is and what to do next:\n{where}\n\n"
        "This email holds no details about any pupil.\n"
    )


def build_email(settings: Settings, recipients: List[str], count: int) -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = SUBJECT
    message["From"] = settings.smtp_from or settings.smtp_username
    message["To"] = ", ".join(recipients)
    message.set_content(email_text(settings, count))
    return message


def send_email(settings: Settings, message: EmailMessage) -> None:
    timeout = 20
    if settings.smtp_security == "ssl":
        client = smtplib.SMTP_SSL(settings.smtp_host, settings.smtp_port, timeout=timeout,
                                  context=ssl.create_default_context())
    else:
        client = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=timeout)
    with client:
        if settings.smtp_security == "starttls":
            client.starttls(context=ssl.create_default_context())
        if settings.smtp_username:
            client.login(settings.smtp_username, settings.smtp_password)
        client.send_message(message)


def email_new_alerts(settings: Settings) -> int:
    """One round: emails the DSLs about alerts not yet emailed; returns how
    many alerts it told them about. Without a DSL the alerts wait for one."""
    url = settings.database_url
    recipients = dsl_emails(url)
    if not recipients:
        return 0
    claimed = claim_unemailed(url)
    if not claimed:
        return 0
    try:
        send_email(settings, build_email(settings, recipients, len(claimed)))
    except (OSError, smtplib.SMTPException) as error:
        unclaim(url, claimed)  # sent on the next round
        logger.error("kit: could not email the DSLs (%s: %s); trying again", type(error).__name__, error)
        return 0
    logger.info("kit: emailed %d DSL(s) about %d alert(s)", len(recipients), len(claimed))
    return len(claimed)


def email_enabled(settings: Settings) -> bool:
    return bool(settings.smtp_host)


async def email_loop(settings: Settings, run_in_thread) -> None:
    """Runs for the life of the web app; a database or mail outage only delays."""
    while True:
        try:
            await run_in_thread(email_new_alerts, settings)
        except SQLAlchemyError as error:
            logger.error("kit: alert email check failed (%s)", type(error).__name__)
        await asyncio.sleep(settings.alert_email_poll_seconds)
