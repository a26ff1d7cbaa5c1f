"""notifications: unmailed rows by creation time (ix_notifications_unmailed; issue 19)

The mail outbox sweep (notifications.mail_outbox, every ten minutes) reads the unmailed
notifications of the last day. Without an index on created_at, SQLite scanned every notification
(150,000 after ten years: 220 ms a sweep) and PostgreSQL, once users have addresses, read each
user's notifications of every year. The index is partial (`emailed_at IS NULL`), like the query,
so mailed rows leave it.

Revision ID: 6086653083bb
Revises: c5d2a8e1f4b7
Create Date: 2026-11-30 10:03:21

"""
from alembic import op
import sqlalchemy as sa

import models.base  # noqa: F401  (custom column types)


# revision identifiers, used by Alembic.
revision = '6086653083bb'
down_revision = 'c5d2a8e1f4b7'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_notifications_unmailed', 'notifications', ['created_at'], unique=False,
                    sqlite_where=sa.text('emailed_at IS NULL'), postgresql_where=sa.text('emailed_at IS NULL'))


def downgrade():
    op.drop_index('ix_notifications_unmailed', table_name='notifications')
