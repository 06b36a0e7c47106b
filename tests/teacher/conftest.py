"""The teacher suite runs once on SQLite and once on PostgreSQL: a real web app
process over HTTP on a real database each time."""
from __future__ import annotations

import os
import uuid

import pytest

from bot.content.preview import build as build_preview
from tests.teacher.server import start_web_app

BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(scope="session")
def postgres_cluster():
    if os.environ.get("KIT_SKIP_POSTGRES") == "1":
        pytest.skip("KIT_SKIP_POSTGRES=1: PostgreSQL runs skipped on request")
    # Its own server: the fault tests pause the shared `postgres_server`.
    from tests.services import PostgresServer

    server = PostgresServer().start()
    yield server
    server.stop()


def new_database(request, backend: str) -> str:
    """An empty database on the backend; returns its URL."""
    name = f"kit_{uuid.uuid4().hex[:12]}"
    if backend == "postgresql":
        return request.getfixturevalue("postgres_cluster").create_database(name)
    return f"sqlite:///{request.getfixturevalue('tmp_path_factory').mktemp('db') / (name + '.db')}"


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request):
    return request.param


@pytest.fixture
def empty_database(request, backend) -> str:
    return new_database(request, backend)


@pytest.fixture(scope="session")
def web(request, backend, tmp_path_factory):
    """One web app per backend for the whole suite. Per-address throttling is
    set high here (every test signs in from 127.0.0.1); it has its own test."""
    preview = tmp_path_factory.mktemp(f"preview-{backend}")
    build_preview(preview)
    app = start_web_app(
        new_database(request, backend),
        tmp_path_factory.mktemp(f"web-{backend}"),
        KIT_PREVIEW_DIR=str(preview),
        KIT_LOGIN_FAILURES_PER_ACCOUNT="3",
        KIT_LOGIN_DELAY_SECONDS="1",
        KIT_LOGIN_FAILURES_PER_ADDRESS="10000",
        KIT_SUPPRESSION_THRESHOLD="3",
    )
    yield app
    app.stop()
