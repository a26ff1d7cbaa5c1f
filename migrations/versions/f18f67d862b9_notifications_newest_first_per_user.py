"""notifications: a user's newest first (ix_notifications_user_newest on user_id, id; issue 19)

The notification page lists a user's notifications newest first, keyset-paged on the id; without
this index both databases read and sorted all of a reviewer's rows (4,600 after ten years) on
every view.

Revision ID: f18f67d862b9
Revises: 4e43085aec29
Create Date: 2026-11-30 07:05:00

"""
from alembic import op

import models.base  # noqa: F401  (custom column types)


# revision identifiers, used by Alembic.
revision = 'f18f67d862b9'
down_revision = '4e43085aec29'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_notifications_user_newest', 'notifications', ['user_id', 'id'], unique=False)


def downgrade():
    op.drop_index('ix_notifications_user_newest', table_name='notifications')
