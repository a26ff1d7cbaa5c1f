"""hearing rotation and audio note

Revision ID: 93ce315f02c5
Revises: a3c5e7d9f1b2
Create Date: 2026-11-30 00:33:57.507211

"""
from alembic import op
import sqlalchemy as sa

import models.base  # noqa: F401  (custom column types)


# revision identifiers, used by Alembic.
revision = '93ce315f02c5'
down_revision = 'a3c5e7d9f1b2'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("hearings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("rotation", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("audio_note", sa.String(length=300), nullable=True))


def downgrade():
    with op.batch_alter_table("hearings", schema=None) as batch_op:
        batch_op.drop_column("audio_note")
        batch_op.drop_column("rotation")
