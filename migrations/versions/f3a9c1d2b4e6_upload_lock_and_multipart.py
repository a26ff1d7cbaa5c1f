"""hearing uploads: a writer's lease in the database and the S3 multipart upload id

Revision ID: f3a9c1d2b4e6
Revises: c9d4f2a7e3b1
Create Date: 2026-11-30 06:40:00

"""
from alembic import op
import sqlalchemy as sa

import models.base  # noqa: F401  (custom column types)


# revision identifiers, used by Alembic.
revision = 'f3a9c1d2b4e6'
down_revision = 'c9d4f2a7e3b1'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("hearing_uploads", schema=None) as batch_op:
        batch_op.add_column(sa.Column("multipart_id", sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column("lock_owner", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("lock_until", models.base.UTCDateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table("hearing_uploads", schema=None) as batch_op:
        batch_op.drop_column("lock_until")
        batch_op.drop_column("lock_owner")
        batch_op.drop_column("multipart_id")
