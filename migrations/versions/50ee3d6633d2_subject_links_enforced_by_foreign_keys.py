"""subject links enforced by foreign keys

Assignments, reviews and evaluations point at their subject by (subject_kind, subject_id). This
revision adds one nullable foreign key per subject type (judgment_id → judgments.id, hearing_id →
hearings.id, ON DELETE RESTRICT), fills them from the existing rows, and adds a CHECK that exactly
the key matching the kind is set and equals subject_id (see `models/subject.py`). It also gives
assignments.round_id its foreign key to hearing_observation_rounds (ON DELETE SET NULL).

Rows whose subject no longer exists cannot be linked: the upgrade stops and names them rather
than deleting reviewing records. A round_id whose round is gone is cleared (what ON DELETE SET NULL
would have done).

Revision ID: 50ee3d6633d2
Revises: 14e36c6b19d5
Create Date: 2026-11-30 00:25:16.000000

"""
from alembic import op
import sqlalchemy as sa

import models.base  # noqa: F401  (custom column types)


# revision identifiers, used by Alembic.
revision = '50ee3d6633d2'
down_revision = '14e36c6b19d5'
branch_labels = None
depends_on = None

TABLES = ("assignments", "reviews", "evaluations")
# Frozen copy of models.subject.subject_check_sql() as of this revision.
SUBJECT_CHECK = (
    "(subject_kind = 'judgment' AND judgment_id IS NOT NULL AND judgment_id = subject_id AND hearing_id IS NULL) OR "
    "(subject_kind = 'hearing' AND hearing_id IS NOT NULL AND hearing_id = subject_id AND judgment_id IS NULL)"
)


def _refuse_orphans(bind):
    """Stop before any change (SQLite's DDL is not transactional) when a row has no subject."""
    for table in TABLES:
        orphans = bind.execute(sa.text(
            f"SELECT id, subject_kind, subject_id FROM {table} t WHERE NOT ("
            f"(subject_kind = 'judgment' AND EXISTS (SELECT 1 FROM judgments j WHERE j.id = t.subject_id)) OR "
            f"(subject_kind = 'hearing' AND EXISTS (SELECT 1 FROM hearings h WHERE h.id = t.subject_id))) "
            f"ORDER BY id LIMIT 20")).all()
        if orphans:
            listed = ", ".join(f"#{r[0]} {r[1]}:{r[2]}" for r in orphans)
            raise RuntimeError(
                f"{table}: rows point at a subject that does not exist ({listed}); "
                f"remove or repair them, then run the upgrade again.")


def upgrade():
    bind = op.get_bind()
    _refuse_orphans(bind)
    for table in TABLES:
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(sa.Column('judgment_id', sa.Integer(), nullable=True))
            batch_op.add_column(sa.Column('hearing_id', sa.Integer(), nullable=True))

    for table in TABLES:
        bind.execute(sa.text(f"UPDATE {table} SET judgment_id = subject_id WHERE subject_kind = 'judgment'"))
        bind.execute(sa.text(f"UPDATE {table} SET hearing_id = subject_id WHERE subject_kind = 'hearing'"))
    bind.execute(sa.text(
        "UPDATE assignments SET round_id = NULL WHERE round_id IS NOT NULL "
        "AND round_id NOT IN (SELECT id FROM hearing_observation_rounds)"))

    for table in TABLES:
        with op.batch_alter_table(table) as batch_op:
            batch_op.create_index(batch_op.f(f'ix_{table}_judgment_id'), ['judgment_id'], unique=False)
            batch_op.create_index(batch_op.f(f'ix_{table}_hearing_id'), ['hearing_id'], unique=False)
            batch_op.create_foreign_key(batch_op.f(f'fk_{table}_judgment_id_judgments'), 'judgments',
                                        ['judgment_id'], ['id'], ondelete='RESTRICT')
            batch_op.create_foreign_key(batch_op.f(f'fk_{table}_hearing_id_hearings'), 'hearings',
                                        ['hearing_id'], ['id'], ondelete='RESTRICT')
            batch_op.create_check_constraint('subject_link', sa.text(SUBJECT_CHECK))
            if table == "assignments":
                batch_op.create_foreign_key(
                    batch_op.f('fk_assignments_round_id_hearing_observation_rounds'),
                    'hearing_observation_rounds', ['round_id'], ['id'], ondelete='SET NULL')


def downgrade():
    for table in TABLES:
        with op.batch_alter_table(table) as batch_op:
            if table == "assignments":
                batch_op.drop_constraint(
                    batch_op.f('fk_assignments_round_id_hearing_observation_rounds'), type_='foreignkey')
            batch_op.drop_constraint(batch_op.f(f'ck_{table}_subject_link'), type_='check')
            batch_op.drop_constraint(batch_op.f(f'fk_{table}_hearing_id_hearings'), type_='foreignkey')
            batch_op.drop_constraint(batch_op.f(f'fk_{table}_judgment_id_judgments'), type_='foreignkey')
            batch_op.drop_index(batch_op.f(f'ix_{table}_hearing_id'))
            batch_op.drop_index(batch_op.f(f'ix_{table}_judgment_id'))
            batch_op.drop_column('hearing_id')
            batch_op.drop_column('judgment_id')
