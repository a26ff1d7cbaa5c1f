#!/usr/bin/env bash
# Development serving: the background worker (recording probe/poster/transcode, clean-ups) beside
# the web server on http://127.0.0.1:5000. Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
FLASK=".venv/bin/flask --app app"
$FLASK worker &
WORKER=$!
trap 'kill "$WORKER" 2>/dev/null || true' EXIT INT TERM
$FLASK run --host 127.0.0.1 --port "${PORT:-5000}"
