"""job leases

Revision ID: d01c1e0f408d
Revises: 93ce315f02c5
Create Date: 2026-11-30 01:17:12.148331

"""
from alembic import op
import sqlalchemy as sa

import models.base  # noqa: F401  (custom column types)


# revision identifiers, used by Alembic.
revision = 'd01c1e0f408d'
down_revision = '93ce315f02c5'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "job_leases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("args", sa.Text(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("run_after", models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("lease_until", models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", models.base.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_job_leases")),
        sa.UniqueConstraint("key", name=op.f("uq_job_leases_key")),
    )
    with op.batch_alter_table("job_leases", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_job_leases_name"), ["name"], unique=False)
        batch_op.create_index(batch_op.f("ix_job_leases_state"), ["state"], unique=False)


def downgrade():
    with op.batch_alter_table("job_leases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_job_leases_state"))
        batch_op.drop_index(batch_op.f("ix_job_leases_name"))
    op.drop_table("job_leases")
