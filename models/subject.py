"""The subject link shared by assignments, reviews, evaluations and calibration references
(`reference_subjects`), enforced by the database.

A reviewing row points at its *subject* — a judgment, a hearing recording or a 发改 case. Code reads and
filters on the pair (`subject_kind`, `subject_id`) (see `reviewer/subjects/`); the
database enforces the link through one nullable foreign key per subject type (indico's
`LinkMixin` pattern):

    judgment_id → judgments.id     hearing_id → hearings.id
    reversal_case_id → reversal_cases.id                        (ON DELETE RESTRICT)

and a CHECK that exactly the key matching the kind is set and equals `subject_id`:

    (subject_kind = 'judgment' AND judgment_id IS NOT NULL AND judgment_id = subject_id
     AND hearing_id IS NULL AND reversal_case_id IS NULL)
 OR (subject_kind = 'hearing' AND … ) OR (subject_kind = 'reversal' AND … )

So a row can never point at a subject that does not exist, and a subject that has reviewing rows
cannot be deleted (the code only withdraws drafts and unfinished uploads, which have none; the
database now refuses the rest instead of leaving orphans). The foreign-key columns are kept in
step by this mixin whenever `subject_kind` or `subject_id` is assigned (constructor included), so
callers never set them. Add a subject type by adding it to `SUBJECT_KINDS` and a migration.
"""
from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, validates

#: subject kind → (foreign-key column, referenced table). The kinds are the values code stores.
SUBJECT_KINDS: dict[str, tuple[str, str]] = {
    "judgment": ("judgment_id", "judgments"),
    "hearing": ("hearing_id", "hearings"),
    "reversal": ("reversal_case_id", "reversal_cases"),
}


def subject_check_sql() -> str:
    """The CHECK's SQL text (the same on SQLite and PostgreSQL); used by the model and migrations."""
    branches = []
    for kind, (column, _table) in SUBJECT_KINDS.items():
        others = [c for k, (c, _t) in SUBJECT_KINDS.items() if k != kind]
        # "IS NOT NULL" first: a NULL key would make "= subject_id" NULL, and a CHECK passes on NULL.
        parts = [f"subject_kind = '{kind}'", f"{column} IS NOT NULL", f"{column} = subject_id"]
        parts += [f"{o} IS NULL" for o in others]
        branches.append("(" + " AND ".join(parts) + ")")
    return " OR ".join(branches)


def subject_check() -> CheckConstraint:
    """The table-level CHECK; named `ck_<table>_subject_link` by the naming convention."""
    return CheckConstraint(subject_check_sql(), name="subject_link")


class SubjectLink:
    """Mixin: `subject_kind`/`subject_id` plus one foreign key per subject type, kept in step.

    Put `subject_check()` in the class's `__table_args__`.
    """

    subject_kind: Mapped[str] = mapped_column(String(20))
    subject_id: Mapped[int]

    @declared_attr
    def judgment_id(cls) -> Mapped[int | None]:
        return mapped_column(ForeignKey("judgments.id", ondelete="RESTRICT"), index=True)

    @declared_attr
    def hearing_id(cls) -> Mapped[int | None]:
        return mapped_column(ForeignKey("hearings.id", ondelete="RESTRICT"), index=True)

    @declared_attr
    def reversal_case_id(cls) -> Mapped[int | None]:
        return mapped_column(ForeignKey("reversal_cases.id", ondelete="RESTRICT"), index=True)

    @validates("subject_kind", "subject_id")
    def _keep_subject_keys_in_step(self, key: str, value):
        kind = value if key == "subject_kind" else self.__dict__.get("subject_kind")
        subject_id = value if key == "subject_id" else self.__dict__.get("subject_id")
        for each, (column, _table) in SUBJECT_KINDS.items():
            setattr(self, column, subject_id if each == kind else None)
        return value
