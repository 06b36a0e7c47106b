"""Lesson scenarios: the story a class is playing, and anonymised choice counts.

Revision ID: 0002
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "class_scenarios",
        sa.Column("class_id", sa.Integer, sa.ForeignKey("classes.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("scenario", sa.String(40), nullable=False),
        sa.Column("started_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "scenario_choices",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("class_id", sa.Integer, sa.ForeignKey("classes.id"), nullable=True),
        sa.Column("scenario", sa.String(40), nullable=False),
        sa.Column("step", sa.String(40), nullable=False),
        sa.Column("choice", sa.String(40), nullable=False),
        sa.Column("hour", sa.DateTime, nullable=False),
    )
    op.create_index("ix_scenario_choices_class_id", "scenario_choices", ["class_id"])
    op.create_index("ix_scenario_choices_hour", "scenario_choices", ["hour"])


def downgrade() -> None:
    op.drop_table("scenario_choices")
    op.drop_table("class_scenarios")
