#!/usr/bin/env bash
# Draft a new incremental Alembic revision from the difference between the models and main's head:
#   bash scripts/new_migration.sh "add hearing transcripts"
# It upgrades a throwaway SQLite database to the current head, autogenerates the revision against
# it, and prints the file. Then READ the file: add the data migration the change needs, check the
# downgrade, and run `pytest tests/test_migrations.py` on SQLite and PostgreSQL. Never edit a
# revision that is already on main; there must stay a single head (`flask --app app db heads`).
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -eq 1 ] || { echo "usage: $0 \"what the revision does\"" >&2; exit 2; }
FLASK=".venv/bin/flask --app app"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
export DATABASE_URL="sqlite:///$TMP/head.sqlite"
heads="$($FLASK db heads 2>/dev/null | grep -c . || true)"
[ "$heads" -le 1 ] || { echo "more than one head: merge them first ($FLASK db heads)" >&2; exit 1; }
$FLASK db upgrade >/dev/null 2>&1
$FLASK db migrate -m "$1" 2>&1 | grep -E "Generating|No changes" || true
