#!/usr/bin/env bash
# Regenerate the single initial migration from the models (before the first production release only).
set -euo pipefail
cd "$(dirname "$0")/.."
rm -f migrations/versions/*.py /tmp/reviewer_gen.sqlite
DATABASE_URL=sqlite:////tmp/reviewer_gen.sqlite .venv/bin/flask --app app db migrate -m "initial schema" >/dev/null
rm -f /tmp/reviewer_gen.sqlite
ls migrations/versions/
