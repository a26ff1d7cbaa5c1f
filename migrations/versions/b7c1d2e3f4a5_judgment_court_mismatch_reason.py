"""judgments.court_mismatch_reason: the liaison's reason for submitting a judgment that seems to
belong to another court (issue #11)

Revision ID: b7c1d2e3f4a5
Revises: 336bf50fb613
Create Date: 2026-11-30 00:40:00

"""
from alembic import op
import sqlalchemy as sa


revision = "b7c1d2e3f4a5"
down_revision = "336bf50fb613"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("judgments") as batch_op:
        batch_op.add_column(sa.Column("court_mismatch_reason", sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table("judgments") as batch_op:
        batch_op.drop_column("court_mismatch_reason")
