"""SQLAlchemy models. What is stored is the whole of what Kit keeps about pupils
(classes, topic events, alerts) and about teachers (accounts, sessions, failed logins).

Schema changes go through Alembic migrations in bot/store/migrations.
"""
from __future__ import annotations

from sqlalchemy import Boolean, Column, DateTime, ForeignKey, Integer, String, false
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class Teacher(Base):
    __tablename__ = "teachers"
    id = Column(Integer, primary_key=True)
    email = Column(String(254), unique=True, nullable=False)
    password_hash = Column(String(255), nullable=False)  # argon2id, never the password
    is_admin = Column(Boolean, nullable=False, default=False)
    created_at = Column(DateTime, nullable=False)
    # Designated safeguarding lead: sees every class's alerts and is emailed about them.
    is_dsl = Column(Boolean, nullable=False, default=False, server_default=false())
    # Set by a DSL: this teacher also sees alerts (of their own classes; every class if admin).
    sees_alerts = Column(Boolean, nullable=False, default=False, server_default=false())
    disabled_at = Column(DateTime, nullable=True)  # a disabled account cannot sign in


class TeacherSession(Base):
    """A signed-in teacher. Only a hash of the cookie's token is kept."""

    __tablename__ = "teacher_sessions"
    id = Column(Integer, primary_key=True)
    token_hash = Column(String(64), unique=True, nullable=False)
    teacher_id = Column(Integer, ForeignKey("teachers.id", ondelete="CASCADE"), nullable=False, index=True)
    created_at = Column(DateTime, nullable=False)
    last_seen_at = Column(DateTime, nullable=False)


class LoginFailure(Base):
    """One failed login, keyed by a hash of the account or the address (throttling)."""

    __tablename__ = "login_failures"
    id = Column(Integer, primary_key=True)
    key_hash = Column(String(64), nullable=False, index=True)
    at = Column(DateTime, nullable=False, index=True)


class SchoolClass(Base):
    __tablename__ = "classes"
    id = Column(Integer, primary_key=True)
    name = Column(String(120), nullable=False)
    age_band = Column(String(5), nullable=False)
    code = Column(String(16), unique=True, nullable=False)
    teacher_id = Column(Integer, ForeignKey("teachers.id"), nullable=True, index=True)
    created_at = Column(DateTime, nullable=True)
    closed_at = Column(DateTime, nullable=True)


class TopicEvent(Base):
    """One classified message: class, topic, risk level, age band, hour bucket."""

    __tablename__ = "topic_events"
    id = Column(Integer, primary_key=True)
    class_id = Column(Integer, ForeignKey("classes.id"), nullable=True, index=True)
    topic = Column(String(40), nullable=True)
    risk = Column(String(20), nullable=False)
    age_band = Column(String(5), nullable=False)
    hour = Column(DateTime, nullable=False, index=True)


class SafeguardingAlert(Base):
    """A disclosure, danger or self-harm message: category and the hour it came
    in (never the minute: see the README on what a teacher can infer), never the text."""

    __tablename__ = "safeguarding_alerts"
    id = Column(Integer, primary_key=True)
    class_id = Column(Integer, ForeignKey("classes.id"), nullable=True, index=True)
    category = Column(String(20), nullable=False)
    hour = Column(DateTime, nullable=False, index=True)
    acknowledged_by = Column(String(254), nullable=True)  # "seen"
    acknowledged_at = Column(DateTime, nullable=True)
    acted_by = Column(String(254), nullable=True)  # "acted on", by a DSL
    acted_at = Column(DateTime, nullable=True)
    emailed_at = Column(DateTime, nullable=True, index=True)  # the DSLs were told (bot/safeguarding/notify.py)


class ClassScenario(Base):
    """The lesson story a teacher started for a class (one per class)."""

    __tablename__ = "class_scenarios"
    class_id = Column(Integer, ForeignKey("classes.id", ondelete="CASCADE"), primary_key=True)
    scenario = Column(String(40), nullable=False)
    started_at = Column(DateTime, nullable=False)


class ScenarioChoice(Base):
    """One choice in a lesson story: class, story, step, choice, hour bucket.
    No session id and no text, so no pupil's path through a story can be traced."""

    __tablename__ = "scenario_choices"
    id = Column(Integer, primary_key=True)
    class_id = Column(Integer, ForeignKey("classes.id"), nullable=True, index=True)
    scenario = Column(String(40), nullable=False)
    step = Column(String(40), nullable=False)
    choice = Column(String(40), nullable=False)
    hour = Column(DateTime, nullable=False, index=True)
