"""Shared fixtures: they build real things (a trained model, the real stack)."""
from __future__ import annotations

import pytest

from bot.model import ensure_trained
from bot.settings import load_settings
from tests.services import postgres_server, redis_server  # noqa: F401 - shared fixtures (real servers)
from tests.stack import start_stack


@pytest.fixture(scope="session")
def trained_model():
    return ensure_trained(load_settings().model_dir)


@pytest.fixture(scope="session")
def mailbox():
    """The school's mail server: a real SMTP server on loopback (tests/mailbox.py)."""
    from tests.mailbox import Mailbox

    box = Mailbox().start()
    yield box
    box.stop()


@pytest.fixture(scope="session")
def stack(trained_model, tmp_path_factory, mailbox):
    """One running Kit (launcher, action server, Rasa, web app) for the session,
    emailing its DSLs through `mailbox`."""
    running = start_stack(tmp_path_factory.mktemp("stack"), mailbox.settings())
    yield running
    running.stop()


@pytest.fixture(scope="session")
def agent(trained_model):
    """The trained model in-process, for NLU-level checks."""
    import logging

    from rasa.core.agent import Agent
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)
    return Agent.load(str(trained_model))
