"""Safeguarding alerts keep the hour they came in, not the microsecond:
existing times are cut to the hour and the column is renamed `hour`.

Revision ID: 0003
Revises: 0002
"""
import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

ALERTS = sa.table("safeguarding_alerts", sa.column("id", sa.Integer), sa.column("created_at", sa.DateTime))


def upgrade() -> None:
    # Row by row in Python: the same on SQLite and PostgreSQL (no date functions),
    # and the table holds at most the retention period's alerts.
    connection = op.get_bind()
    for alert_id, created_at in connection.execute(sa.select(ALERTS.c.id, ALERTS.c.created_at)).all():
        hour = created_at.replace(minute=0, second=0, microsecond=0)
        connection.execute(ALERTS.update().where(ALERTS.c.id == alert_id).values(created_at=hour))
    op.drop_index("ix_safeguarding_alerts_created_at", table_name="safeguarding_alerts")
    with op.batch_alter_table("safeguarding_alerts") as batch:  # SQLite rebuilds the table
        batch.alter_column("created_at", new_column_name="hour", existing_type=sa.DateTime, existing_nullable=False)
    op.create_index("ix_safeguarding_alerts_hour", "safeguarding_alerts", ["hour"])


def downgrade() -> None:
    op.drop_index("ix_safeguarding_alerts_hour", table_name="safeguarding_alerts")
    with op.batch_alter_table("safeguarding_alerts") as batch:
        batch.alter_column("hour", new_column_name="created_at", existing_type=sa.DateTime, existing_nullable=False)
    op.create_index("ix_safeguarding_alerts_created_at", "safeguarding_alerts", ["created_at"])
