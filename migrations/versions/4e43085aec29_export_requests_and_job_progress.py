"""export requests (background exports with progress and a stored result) and job progress

Revision ID: 4e43085aec29
Revises: 778a319dee69
Create Date: 2026-11-30 06:23:42.376503

"""
from alembic import op
import sqlalchemy as sa

import models.base  # noqa: F401  (custom column types)


# revision identifiers, used by Alembic.
revision = '4e43085aec29'
down_revision = '778a319dee69'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('job_progress',
    sa.Column('key', sa.String(length=100), nullable=False),
    sa.Column('stage', sa.String(length=40), nullable=False),
    sa.Column('done', sa.Integer(), nullable=False),
    sa.Column('total', sa.Integer(), nullable=True),
    sa.Column('updated_at', models.base.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_job_progress'))
    )
    with op.batch_alter_table('job_progress', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_job_progress_updated_at'), ['updated_at'], unique=False)

    op.create_table('export_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('params', sa.JSON(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('status', sa.Enum('QUEUED', 'RUNNING', 'DONE', 'FAILED', name='exportstatus'), nullable=False),
    sa.Column('done', sa.Integer(), nullable=False),
    sa.Column('total', sa.Integer(), nullable=True),
    sa.Column('file_id', sa.Integer(), nullable=True),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('created_at', models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('started_at', models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('finished_at', models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('expires_at', models.base.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['file_id'], ['stored_files.id'], name=op.f('fk_export_requests_file_id_stored_files')),
    sa.ForeignKeyConstraint(['requested_by_id'], ['users.id'], name=op.f('fk_export_requests_requested_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_export_requests'))
    )
    with op.batch_alter_table('export_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_export_requests_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_export_requests_expires_at'), ['expires_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_export_requests_requested_by_id'), ['requested_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_export_requests_status'), ['status'], unique=False)



def downgrade():
    with op.batch_alter_table('export_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_export_requests_status'))
        batch_op.drop_index(batch_op.f('ix_export_requests_requested_by_id'))
        batch_op.drop_index(batch_op.f('ix_export_requests_expires_at'))
        batch_op.drop_index(batch_op.f('ix_export_requests_created_at'))

    op.drop_table('export_requests')
    with op.batch_alter_table('job_progress', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_job_progress_updated_at'))

    op.drop_table('job_progress')
    sa.Enum(name='exportstatus').drop(op.get_bind(), checkfirst=True)  # PostgreSQL keeps enum types
