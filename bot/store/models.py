"""SQLAlchemy models. What is stored is the whole of what Kit keeps about pupils."""
from __future__ import annotations

from sqlalchemy import Column, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class SchoolClass(Base):
    __tablename__ = "classes"
    id = Column(Integer, primary_key=True)
    name = Column(String(120), nullable=False)
    age_band = Column(String(5), nullable=False)
    code = Column(String(16), unique=True, nullable=False)
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
    """A disclosure, danger or self-harm message: category and time, never the text."""

    __tablename__ = "safeguarding_alerts"
    id = Column(Integer, primary_key=True)
    class_id = Column(Integer, ForeignKey("classes.id"), nullable=True, index=True)
    category = Column(String(20), nullable=False)
    created_at = Column(DateTime, nullable=False, index=True)
    acknowledged_by = Column(String(254), nullable=True)
    acknowledged_at = Column(DateTime, nullable=True)
