#!/usr/bin/env bash
# The whole test suite, on the embedded default (SQLite) and on PostgreSQL, with Redis and Chromium.
# Starts the local services it needs when they are not running; exits non-zero when any test fails.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
export PYTHONDONTWRITEBYTECODE=1

start_services() {
  if command -v pg_ctlcluster >/dev/null 2>&1 && ! pg_isready -h localhost -q 2>/dev/null; then
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
  fi
  if command -v redis-server >/dev/null 2>&1 && ! redis-cli -h 127.0.0.1 ping >/dev/null 2>&1; then
    mkdir -p /var/lib/redis /var/log/redis 2>/dev/null || true
    redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
      --dir /var/lib/redis --logfile /var/log/redis/ci.log || true
  fi
  if ! command -v chromium >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) || true
  fi
  for _ in $(seq 1 30); do pg_isready -h localhost -q 2>/dev/null && break; sleep 1; done
}

start_services

# -n auto: one worker per core. Each worker has its own database (tests/databases.py): a SQLite
# file, or on PostgreSQL a database "<DB>_<run id>_gwN" made from DATABASE_URL and dropped at its end.
export REDIS_TEST_URL="${REDIS_TEST_URL:-redis://127.0.0.1:6379/15}"

echo "== Test suite on SQLite =="
env -u DATABASE_URL $BIN/pytest -q -n auto "$@"

if pg_isready -h localhost -q 2>/dev/null; then
  DB="reviewer_test_$$"
  drop_leftovers() {   # a worker killed mid-run cannot drop its own database
    psql -h localhost -d postgres -Atc "SELECT datname FROM pg_database WHERE datname LIKE '${DB}%'" 2>/dev/null |
      while read -r name; do dropdb -h localhost --if-exists --force "$name" >/dev/null 2>&1 || true; done
  }
  trap drop_leftovers EXIT
  echo "== Test suite on PostgreSQL (${DB}_*_gwN) =="
  DATABASE_URL="postgresql+psycopg://$(whoami)@localhost/$DB" $BIN/pytest -q -n auto "$@"
else
  echo "PostgreSQL is not reachable on localhost: the PostgreSQL run cannot be done." >&2
  [ "${CI:-}" = "true" ] && exit 1
fi
