"""The designated safeguarding lead (DSL): a teacher role, accounts that can be
disabled, who else the DSL lets see alerts, and an alert's "acted on" state and
whether the DSLs were emailed. Columns only added, so older rows keep working.

Revision ID: 0004
Revises: 0003
"""
import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("teachers") as teachers:
        teachers.add_column(sa.Column("is_dsl", sa.Boolean, nullable=False, server_default=sa.false()))
        teachers.add_column(sa.Column("sees_alerts", sa.Boolean, nullable=False, server_default=sa.false()))
        teachers.add_column(sa.Column("disabled_at", sa.DateTime, nullable=True))
    with op.batch_alter_table("safeguarding_alerts") as alerts:
        alerts.add_column(sa.Column("acted_by", sa.String(254), nullable=True))
        alerts.add_column(sa.Column("acted_at", sa.DateTime, nullable=True))
        alerts.add_column(sa.Column("emailed_at", sa.DateTime, nullable=True))
    op.create_index("ix_safeguarding_alerts_emailed_at", "safeguarding_alerts", ["emailed_at"])
    # Alerts from before DSL email count as told: no flood of old alerts on the first start.
    op.execute("UPDATE safeguarding_alerts SET emailed_at = hour")


def downgrade() -> None:
    op.drop_index("ix_safeguarding_alerts_emailed_at", "safeguarding_alerts")
    with op.batch_alter_table("safeguarding_alerts") as alerts:
        for name in ("emailed_at", "acted_at", "acted_by"):
            alerts.drop_column(name)
    with op.batch_alter_table("teachers") as teachers:
        for name in ("disabled_at", "sees_alerts", "is_dsl"):
            teachers.drop_column(name)
