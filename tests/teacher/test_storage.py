"""The schema comes from Alembic migrations, and old data is purged on schedule."""
from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect, text

from bot import paths
from bot.store.db import engine_for, session_for
from bot.store.migrate import alembic_config, upgrade_to_head
from bot.store.models import Base, LoginFailure, SafeguardingAlert, ScenarioChoice, TeacherSession, TopicEvent
from bot.store.teachers import add_teacher


def test_migrations_build_the_whole_schema_on_an_empty_database(empty_database):
    engine = create_engine(empty_database, future=True)
    assert inspect(engine).get_table_names() == []
    upgrade_to_head(engine)
    upgrade_to_head(engine)  # a second start changes nothing
    with engine.connect() as connection:
        context = MigrationContext.configure(connection)
        assert context.get_current_revision() == ScriptDirectory.from_config(alembic_config()).get_current_head()
        assert compare_metadata(context, Base.metadata) == []  # models and migrations agree
    engine.dispose()


def test_alerts_stored_to_the_microsecond_keep_only_the_hour_after_the_migration(empty_database):
    engine = create_engine(empty_database, future=True)
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0002")
        connection.execute(text("INSERT INTO safeguarding_alerts (class_id, category, created_at) VALUES (NULL, 'danger', :at)"),
                           {"at": dt.datetime(2026, 11, 23, 10, 37, 12, 345678)})
    upgrade_to_head(engine)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT hour FROM safeguarding_alerts")).scalar_one() in (
            dt.datetime(2026, 11, 23, 10, 0), "2026-11-23 10:00:00.000000")  # PostgreSQL / SQLite's text form
        assert "created_at" not in {c["name"] for c in inspect(connection).get_columns("safeguarding_alerts")}
    engine.dispose()


def run_purge(database_url: str, retention_days: str = "90"):
    env = dict(os.environ, DATABASE_URL=database_url, RETENTION_DAYS=retention_days)
    return subprocess.run([sys.executable, "-m", "bot", "purge"], cwd=paths.ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def test_purge_deletes_what_is_older_than_the_retention_period_and_can_run_again(empty_database):
    now = dt.datetime.utcnow()
    old, recent = now - dt.timedelta(days=91), now - dt.timedelta(days=89)
    teacher = add_teacher(empty_database, "purge@school.example", "correct horse battery staple")
    with session_for(empty_database) as session, session.begin():
        for when in (old, recent):
            session.add(TopicEvent(class_id=None, topic="gaming", risk="none", age_band="8-10", hour=when))
            session.add(SafeguardingAlert(class_id=None, category="danger", hour=when))
            session.add(ScenarioChoice(class_id=None, scenario="pile_on", step="comments", choice="report", hour=when))
        session.add(TeacherSession(token_hash="a" * 64, teacher_id=teacher.id, created_at=now - dt.timedelta(days=2),
                                   last_seen_at=now - dt.timedelta(days=2)))
        session.add(TeacherSession(token_hash="b" * 64, teacher_id=teacher.id, created_at=now, last_seen_at=now))
        session.add(LoginFailure(key_hash="c" * 64, at=now - dt.timedelta(days=2)))
        session.add(LoginFailure(key_hash="d" * 64, at=now))
    result = run_purge(empty_database)
    assert result.returncode == 0, result.stderr
    assert "1 topic_events, 1 safeguarding_alerts, 1 teacher_sessions, 1 login_failures, 1 scenario_choices" in result.stdout
    with session_for(empty_database) as session:
        assert [e.hour for e in session.query(TopicEvent)] == [recent]
        assert [a.hour for a in session.query(SafeguardingAlert)] == [recent]
        assert [s.token_hash for s in session.query(TeacherSession)] == ["b" * 64]
        assert [f.key_hash for f in session.query(LoginFailure)] == ["d" * 64]
        assert [c.hour for c in session.query(ScenarioChoice)] == [recent]
    again = run_purge(empty_database)
    assert again.returncode == 0 and "deleted 0 topic_events" in again.stdout
    engine_for(empty_database).dispose()


def test_the_retention_period_is_a_setting(empty_database):
    with session_for(empty_database) as session, session.begin():
        session.add(TopicEvent(class_id=None, topic="gaming", risk="none", age_band="8-10",
                               hour=dt.datetime.utcnow() - dt.timedelta(days=10)))
    assert run_purge(empty_database, "30").returncode == 0
    with session_for(empty_database) as session:
        assert session.query(TopicEvent).count() == 1
    assert run_purge(empty_database, "7").returncode == 0
    with session_for(empty_database) as session:
        assert session.query(TopicEvent).count() == 0
    engine_for(empty_database).dispose()


def test_the_migrations_also_go_down_and_up_again(empty_database):
    from alembic import command

    engine = create_engine(empty_database, future=True)
    upgrade_to_head(engine)
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "base")
    assert inspect(engine).get_table_names() == ["alembic_version"]
    upgrade_to_head(engine)
    assert set(inspect(engine).get_table_names()) == set(Base.metadata.tables) | {"alembic_version"}
    engine.dispose()
