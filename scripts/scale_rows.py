"""Buffered bulk rows for the scale dataset (scripts/scale_builder.py): plain dicts per table,
written with Core multi-row inserts in foreign-key order; ids handed out here."""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select

from models.subject import SUBJECT_KINDS
from reviewer.extensions import db

# Tables in foreign-key order: buffers are written in this order.
ORDER = ["users", "user_roles", "stored_files", "judgments", "hearings", "assignments", "reviews",
         "review_item_scores", "review_remarks", "evaluations", "monthly_rankings", "ranking_entries", "monthly_draws",
         "draw_entries", "objections", "notifications", "audit_logs"]


class Rows:
    """Buffered rows per table, written with multi-row inserts; ids handed out per table."""

    def __init__(self):
        self.buffers: dict[str, list[dict]] = {name: [] for name in ORDER}
        self.next_id: dict[str, int] = {}
        self.counts: dict[str, int] = {name: 0 for name in ORDER}
        self.tables = {t.name: t for t in db.metadata.sorted_tables}

    def new_id(self, table: str) -> int:
        if table not in self.next_id:
            self.next_id[table] = (db.session.scalar(select(func.max(self.tables[table].c.id))) or 0) + 1
        value = self.next_id[table]
        self.next_id[table] = value + 1
        return value

    def add(self, table: str, **row) -> dict:
        if "id" not in row and "id" in self.tables[table].c:
            row["id"] = self.new_id(table)
        if "subject_kind" in row:   # the subject's foreign keys, as models.subject.SubjectLink keeps them
            for kind, (column, _table) in SUBJECT_KINDS.items():
                row[column] = row["subject_id"] if kind == row["subject_kind"] else None
        self.buffers[table].append(row)
        return row

    def write(self) -> None:
        connection = db.session.connection()
        for name in ORDER:
            rows = self.buffers[name]
            for start in range(0, len(rows), 2000):
                batch = [{k: v for k, v in row.items() if not k.startswith("_")} for row in rows[start:start + 2000]]
                connection.execute(self.tables[name].insert(), batch)
            self.counts[name] += len(rows)
            rows.clear()


def month_list(years: int, today: date) -> list[str]:
    months, year, month = [], today.year, today.month
    for _ in range(12 * years):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return months[::-1]


def at(month: str, day: float, hour: int = 10) -> datetime:
    """A moment `day` days after the first of `month` (may run into the next month)."""
    year, mon = int(month[:4]), int(month[5:])
    return datetime(year, mon, 1, hour, tzinfo=UTC) + timedelta(days=day - 1)
