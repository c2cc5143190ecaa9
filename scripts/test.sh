#!/usr/bin/env bash
# Install what the tests need, then run lint and the whole suite on SQLite (with the
# browser tests) and again on PostgreSQL: `make test` (README, "Test it"; .ci/run calls it).
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -r requirements-dev.txt

# Debian's Chromium for the browser tests (Playwright cannot download browsers here).
if [ ! -x /usr/bin/chromium ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
fi

# PostgreSQL and Redis on 127.0.0.1: start them if they are not answering.
PG_HOST=${PG_HOST:-127.0.0.1}
if ! pg_isready -q -h "$PG_HOST"; then
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start
  for _ in $(seq 30); do pg_isready -q -h "$PG_HOST" && break; sleep 1; done
fi
if ! redis-cli -h 127.0.0.1 ping >/dev/null 2>&1; then
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log
  for _ in $(seq 20); do redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 && break; sleep 0.5; done
fi
export TEST_REDIS_URL=${TEST_REDIS_URL:-redis://127.0.0.1:6379/15}

echo "== lint"
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy sleepapp

echo "== tests on SQLite (with browser tests)"
.venv/bin/pytest -q -p no:cacheprovider "$@"

echo "== tests on PostgreSQL"
PG_DB=sleepapp_test_$$
dropdb --if-exists -h "$PG_HOST" -U postgres "$PG_DB" 2>/dev/null || true
createdb -h "$PG_HOST" -U postgres "$PG_DB"
trap 'dropdb --if-exists -h "$PG_HOST" -U postgres "$PG_DB" >/dev/null 2>&1 || true' EXIT
TEST_DATABASE_URL="postgresql://postgres@$PG_HOST/$PG_DB" \
  .venv/bin/pytest -q -p no:cacheprovider -m "not e2e" "$@"
