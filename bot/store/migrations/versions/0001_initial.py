"""Initial schema: teachers, their sessions and failed logins, classes, topic events, alerts.

Revision ID: 0001
Revises:
"""
import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "teachers",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("email", sa.String(254), nullable=False, unique=True),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("is_admin", sa.Boolean, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "teacher_sessions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("teacher_id", sa.Integer, sa.ForeignKey("teachers.id", ondelete="CASCADE"), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("last_seen_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_teacher_sessions_teacher_id", "teacher_sessions", ["teacher_id"])
    op.create_table(
        "login_failures",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("key_hash", sa.String(64), nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_login_failures_key_hash", "login_failures", ["key_hash"])
    op.create_index("ix_login_failures_at", "login_failures", ["at"])
    op.create_table(
        "classes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("age_band", sa.String(5), nullable=False),
        sa.Column("code", sa.String(16), nullable=False, unique=True),
        sa.Column("teacher_id", sa.Integer, sa.ForeignKey("teachers.id"), nullable=True),
        sa.Column("created_at", sa.DateTime, nullable=True),
        sa.Column("closed_at", sa.DateTime, nullable=True),
    )
    op.create_index("ix_classes_teacher_id", "classes", ["teacher_id"])
    op.create_table(
        "topic_events",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("class_id", sa.Integer, sa.ForeignKey("classes.id"), nullable=True),
        sa.Column("topic", sa.String(40), nullable=True),
        sa.Column("risk", sa.String(20), nullable=False),
        sa.Column("age_band", sa.String(5), nullable=False),
        sa.Column("hour", sa.DateTime, nullable=False),
    )
    op.create_index("ix_topic_events_class_id", "topic_events", ["class_id"])
    op.create_index("ix_topic_events_hour", "topic_events", ["hour"])
    op.create_table(
        "safeguarding_alerts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("class_id", sa.Integer, sa.ForeignKey("classes.id"), nullable=True),
        sa.Column("category", sa.String(20), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("acknowledged_by", sa.String(254), nullable=True),
        sa.Column("acknowledged_at", sa.DateTime, nullable=True),
    )
    op.create_index("ix_safeguarding_alerts_class_id", "safeguarding_alerts", ["class_id"])
    op.create_index("ix_safeguarding_alerts_created_at", "safeguarding_alerts", ["created_at"])


def downgrade() -> None:
    for table in ("safeguarding_alerts", "topic_events", "classes", "login_failures", "teacher_sessions", "teachers"):
        op.drop_table(table)
