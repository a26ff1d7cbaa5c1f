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

echo "== Test suite on SQLite =="
env -u DATABASE_URL REDIS_TEST_URL="${REDIS_TEST_URL:-redis://127.0.0.1:6379/15}" \
  $BIN/pytest -q "$@"

if pg_isready -h localhost -q 2>/dev/null; then
  DB="reviewer_test_$$"
  createdb -h localhost "$DB"
  trap 'dropdb -h localhost --if-exists "$DB" >/dev/null 2>&1 || true' EXIT
  echo "== Test suite on PostgreSQL ($DB) =="
  DATABASE_URL="postgresql+psycopg://$(whoami)@localhost/$DB" REDIS_TEST_URL="${REDIS_TEST_URL:-redis://127.0.0.1:6379/15}" \
    $BIN/pytest -q "$@"
else
  echo "PostgreSQL is not reachable on localhost: the PostgreSQL run cannot be done." >&2
  [ "${CI:-}" = "true" ] && exit 1
fi
