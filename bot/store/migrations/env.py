"""Alembic environment: migrates the connection Kit passes in (bot.store.migrate),
or, for `alembic revision --autogenerate` by a developer, DATABASE_URL."""
from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from bot.store.models import Base


def run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite cannot ALTER most things
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is not None:
    run(connection)
else:
    from bot.settings import load_settings

    with create_engine(load_settings().database_url, future=True).begin() as own:
        run(own)
