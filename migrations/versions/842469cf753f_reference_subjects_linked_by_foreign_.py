"""reference subjects linked by foreign keys

Calibration references (标准样卷, `reference_subjects`) point at a judgment or hearing by
(subject_kind, subject_id) like reviews did before 50ee3d6633d2. This revision gives them the same
database-enforced link (see `models/subject.py`): judgment_id / hearing_id (ON DELETE RESTRICT),
filled from the existing rows, and the CHECK that exactly the key matching the kind is set and
equals subject_id. A reference whose subject no longer exists stops the upgrade, named.

Revision ID: 842469cf753f
Revises: 50ee3d6633d2
Create Date: 2026-11-30 03:16:34.758259

"""
from alembic import op
import sqlalchemy as sa

import models.base  # noqa: F401  (custom column types)


# revision identifiers, used by Alembic.
revision = '842469cf753f'
down_revision = '50ee3d6633d2'
branch_labels = None
depends_on = None

TABLE = "reference_subjects"
# Frozen copy of models.subject.subject_check_sql() as of this revision.
SUBJECT_CHECK = (
    "(subject_kind = 'judgment' AND judgment_id IS NOT NULL AND judgment_id = subject_id AND hearing_id IS NULL) OR "
    "(subject_kind = 'hearing' AND hearing_id IS NOT NULL AND hearing_id = subject_id AND judgment_id IS NULL)"
)


def upgrade():
    bind = op.get_bind()
    orphans = bind.execute(sa.text(
        f"SELECT id, subject_kind, subject_id FROM {TABLE} t WHERE NOT ("
        "(subject_kind = 'judgment' AND EXISTS (SELECT 1 FROM judgments j WHERE j.id = t.subject_id)) OR "
        "(subject_kind = 'hearing' AND EXISTS (SELECT 1 FROM hearings h WHERE h.id = t.subject_id))) "
        "ORDER BY id LIMIT 20")).all()
    if orphans:   # before any change: SQLite's DDL is not transactional
        listed = ", ".join(f"#{r[0]} {r[1]}:{r[2]}" for r in orphans)
        raise RuntimeError(f"{TABLE}: references point at a subject that does not exist ({listed}); "
                           "remove or repair them, then run the upgrade again.")
    with op.batch_alter_table(TABLE) as batch_op:
        batch_op.add_column(sa.Column('judgment_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('hearing_id', sa.Integer(), nullable=True))
    bind.execute(sa.text(f"UPDATE {TABLE} SET judgment_id = subject_id WHERE subject_kind = 'judgment'"))
    bind.execute(sa.text(f"UPDATE {TABLE} SET hearing_id = subject_id WHERE subject_kind = 'hearing'"))
    with op.batch_alter_table(TABLE) as batch_op:
        batch_op.create_index(batch_op.f('ix_reference_subjects_hearing_id'), ['hearing_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_reference_subjects_judgment_id'), ['judgment_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_reference_subjects_judgment_id_judgments'), 'judgments',
                                    ['judgment_id'], ['id'], ondelete='RESTRICT')
        batch_op.create_foreign_key(batch_op.f('fk_reference_subjects_hearing_id_hearings'), 'hearings',
                                    ['hearing_id'], ['id'], ondelete='RESTRICT')
        batch_op.create_check_constraint('subject_link', sa.text(SUBJECT_CHECK))


def downgrade():
    with op.batch_alter_table(TABLE) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_reference_subjects_subject_link'), type_='check')
        batch_op.drop_constraint(batch_op.f('fk_reference_subjects_hearing_id_hearings'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_reference_subjects_judgment_id_judgments'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_reference_subjects_judgment_id'))
        batch_op.drop_index(batch_op.f('ix_reference_subjects_hearing_id'))
        batch_op.drop_column('hearing_id')
        batch_op.drop_column('judgment_id')
