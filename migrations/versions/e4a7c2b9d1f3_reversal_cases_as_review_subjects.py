"""发改 cases as review subjects

A reversed or remanded case (`reversal_cases`) can be reviewed with a score sheet through the
shared review machinery (issue #16, item 3): the subject link of assignments, reviews,
evaluations and calibration references gets a third foreign key, reversal_case_id →
reversal_cases.id (ON DELETE RESTRICT), and the CHECK that exactly the key matching the kind is set
now knows the kind 'reversal' (see `models/subject.py`); score sheets get the kind REVERSAL
(PostgreSQL type `sheetkind`; on SQLite the column's VARCHAR).

Existing rows keep their links (the new key is NULL for judgments and hearings, as the CHECK
asks). The downgrade refuses while any reviewing row points at a 发改 case, and removes the 发改
score sheets (their sections and items go with them).

Revision ID: e4a7c2b9d1f3
Revises: 2b56816c038a
Create Date: 2026-11-30 03:45:00.000000

"""
from alembic import op
import sqlalchemy as sa

import models.base  # noqa: F401  (custom column types)


# revision identifiers, used by Alembic.
revision = 'e4a7c2b9d1f3'
down_revision = '2b56816c038a'
branch_labels = None
depends_on = None

TABLES = ("assignments", "reviews", "evaluations", "reference_subjects")
SHEET_KINDS = ('JUDGMENT', 'HEARING')
# Frozen copies of models.subject.subject_check_sql() before and after this revision.
OLD_CHECK = (
    "(subject_kind = 'judgment' AND judgment_id IS NOT NULL AND judgment_id = subject_id AND hearing_id IS NULL) OR "
    "(subject_kind = 'hearing' AND hearing_id IS NOT NULL AND hearing_id = subject_id AND judgment_id IS NULL)"
)
NEW_CHECK = (
    "(subject_kind = 'judgment' AND judgment_id IS NOT NULL AND judgment_id = subject_id AND hearing_id IS NULL "
    "AND reversal_case_id IS NULL) OR "
    "(subject_kind = 'hearing' AND hearing_id IS NOT NULL AND hearing_id = subject_id AND judgment_id IS NULL "
    "AND reversal_case_id IS NULL) OR "
    "(subject_kind = 'reversal' AND reversal_case_id IS NOT NULL AND reversal_case_id = subject_id "
    "AND judgment_id IS NULL AND hearing_id IS NULL)"
)


def upgrade():
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("ALTER TYPE sheetkind ADD VALUE IF NOT EXISTS 'REVERSAL'")
    else:
        with op.batch_alter_table('score_sheets', schema=None) as batch_op:
            batch_op.alter_column('kind', existing_type=sa.Enum(*SHEET_KINDS, name='sheetkind'),
                                  type_=sa.Enum(*SHEET_KINDS, 'REVERSAL', name='sheetkind'), existing_nullable=False)
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('reversal_case_id', sa.Integer(), nullable=True))
            batch_op.create_index(batch_op.f(f'ix_{table}_reversal_case_id'), ['reversal_case_id'], unique=False)
            batch_op.create_foreign_key(batch_op.f(f'fk_{table}_reversal_case_id_reversal_cases'), 'reversal_cases',
                                        ['reversal_case_id'], ['id'], ondelete='RESTRICT')
            batch_op.drop_constraint(batch_op.f(f'ck_{table}_subject_link'), type_='check')
            batch_op.create_check_constraint('subject_link', sa.text(NEW_CHECK))


def downgrade():
    bind = op.get_bind()
    for table in TABLES:
        count = bind.execute(sa.text(f"SELECT COUNT(*) FROM {table} WHERE subject_kind = 'reversal'")).scalar()
        if count:
            raise RuntimeError(f"{table}: {count} rows point at 发改 cases; remove them, then downgrade again.")
    sheets = "SELECT id FROM score_sheets WHERE kind = 'REVERSAL'"
    bind.execute(sa.text(f"DELETE FROM score_items WHERE sheet_id IN ({sheets})"))
    bind.execute(sa.text(f"DELETE FROM score_sections WHERE sheet_id IN ({sheets})"))
    bind.execute(sa.text("DELETE FROM score_sheets WHERE kind = 'REVERSAL'"))
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(batch_op.f(f'ck_{table}_subject_link'), type_='check')
            batch_op.create_check_constraint('subject_link', sa.text(OLD_CHECK))
            batch_op.drop_constraint(batch_op.f(f'fk_{table}_reversal_case_id_reversal_cases'), type_='foreignkey')
            batch_op.drop_index(batch_op.f(f'ix_{table}_reversal_case_id'))
            batch_op.drop_column('reversal_case_id')
    if bind.dialect.name == 'postgresql':
        op.execute("ALTER TYPE sheetkind RENAME TO sheetkind_old")
        sa.Enum(*SHEET_KINDS, name='sheetkind').create(bind)
        op.execute("ALTER TABLE score_sheets ALTER COLUMN kind TYPE sheetkind USING kind::text::sheetkind")
        op.execute("DROP TYPE sheetkind_old")
    else:
        with op.batch_alter_table('score_sheets', schema=None) as batch_op:
            batch_op.alter_column('kind', existing_type=sa.Enum(*SHEET_KINDS, 'REVERSAL', name='sheetkind'),
                                  type_=sa.Enum(*SHEET_KINDS, name='sheetkind'), existing_nullable=False)
