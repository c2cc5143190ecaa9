#!/usr/bin/env bash
# `make test` (README, "Test it"; .ci/run calls it): install what the tests need on a machine
# that has only Debian and Python, then run lint, the whole suite on SQLite (browser tests
# included) and again on PostgreSQL. Every lane runs even when an earlier one fails; the
# summary at the end prints each lane's result and the exit status says whether all passed.
#
# PostgreSQL and Redis are private instances this script starts on free 127.0.0.1 ports in a
# temporary folder and stops at the end, so it needs no running server, no pg_hba.conf edit
# and never touches a shared one. Set TEST_DATABASE_URL / TEST_REDIS_URL to use your own.
set -uo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=scripts/common.sh
. scripts/common.sh

ensure_venv requirements-dev.txt || exit 1

# -- Debian's Chromium for the browser tests (Playwright cannot download browsers here) -----
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$CHROMIUM" ]; then
  say "installing Debian's chromium for the browser tests"
  apt_install chromium fonts-dejavu-core fonts-liberation \
    || export SLEEPAPP_SKIP_E2E="chromium is not installed and could not be (no root or sudo)"
fi

# -- nginx and openssl for the proxy test (tests/deploy/test_nginx.py, PostgreSQL lane) -----
if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ] || ! command -v openssl >/dev/null 2>&1; then
  say "installing nginx and openssl for the proxy test"
  apt_install nginx openssl || say "nginx could not be installed: the proxy test is skipped"
fi

# -- A private PostgreSQL ------------------------------------------------------------------
WORK=$(mktemp -d /tmp/sleepapp-test.XXXXXX)
chmod 755 "$WORK"
PG_DIR=$WORK/pg  # data, log and socket; owned by `postgres` when we are root
PG_BIN=""
PG_SKIP=""
REDIS_PID=""
cleanup() {
  if [ -n "$PG_BIN" ] && [ -f "$PG_DIR/data/postmaster.pid" ]; then
    run_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1
  fi
  [ -z "$REDIS_PID" ] || kill "$REDIS_PID" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT
# initdb refuses to run as root: as root, the cluster belongs to the `postgres` user.
run_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
# PG_BIN_GLOB and REDIS_SERVER exist so the "cannot install" paths can be tried on a machine
# that has both (point them at nothing, as a user without sudo).
find_pg_bin() { ls -d ${PG_BIN_GLOB:-/usr/lib/postgresql/*/bin} 2>/dev/null | sort -V | tail -n1; }
REDIS_SERVER=${REDIS_SERVER:-redis-server}

start_postgres() {
  PG_BIN=$(find_pg_bin)
  if [ -z "$PG_BIN" ]; then
    say "installing PostgreSQL"
    apt_install postgresql || { PG_SKIP="PostgreSQL is not installed and could not be (no root or sudo)"; return 1; }
    PG_BIN=$(find_pg_bin)
  fi
  local port password
  port=$(free_port)
  password=$("$PYTHON" -c 'import secrets; print(secrets.token_hex(16))')
  mkdir -p "$PG_DIR"
  printf '%s\n' "$password" > "$PG_DIR/pw"
  [ "$(id -u)" -ne 0 ] || chown -R postgres "$PG_DIR"
  PG_SKIP="the private PostgreSQL did not start (log above)"
  # Password (scram) over TCP, set here; nothing to edit in any server's configuration.
  run_pg "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --pwfile="$PG_DIR/pw" \
    --auth-host=scram-sha-256 --auth-local=trust -E UTF8 >"$WORK/initdb.log" 2>&1 \
    || { cat "$WORK/initdb.log"; return 1; }
  # fsync off: a throwaway test cluster, so durability costs time for nothing.
  run_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w -t 60 start \
    -o "-p $port -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" >/dev/null \
    || { cat "$PG_DIR/log"; return 1; }
  PG_SKIP=""
  PG_URL="postgresql://postgres:$password@127.0.0.1:$port/postgres"
}

start_redis() {
  if ! command -v "$REDIS_SERVER" >/dev/null 2>&1; then
    say "installing Redis"
    apt_install redis-server || { say "cannot install redis-server (no root or sudo)"; return 1; }
    REDIS_SERVER=redis-server
  fi
  local port
  port=$(free_port)
  "$REDIS_SERVER" --bind 127.0.0.1 --port "$port" --save "" --appendonly no --dir "$WORK" \
    --logfile "$WORK/redis.log" --daemonize yes --pidfile "$WORK/redis.pid" || return 1
  for _ in $(seq 100); do
    [ -s "$WORK/redis.pid" ] && redis-cli -p "$port" ping >/dev/null 2>&1 && break
    "$PYTHON" -c 'import time; time.sleep(0.1)'
  done
  REDIS_PID=$(cat "$WORK/redis.pid")
  export TEST_REDIS_URL="redis://127.0.0.1:$port/0"
}

PG_URL=${TEST_DATABASE_URL:-}
unset TEST_DATABASE_URL  # the SQLite lane must not see it
if [ -z "$PG_URL" ] && ! start_postgres; then
  say "$PG_SKIP: the PostgreSQL lane is skipped"
fi
if [ -z "${TEST_REDIS_URL:-}" ]; then
  start_redis || say "Redis could not be started: the shared log-in limit test is skipped"
fi

# -- The lanes -----------------------------------------------------------------------------
RESULTS=()
FAILED=0
lane() {  # lane NAME COMMAND...
  local name=$1; shift
  echo "== $name"
  if ! "$@"; then RESULTS+=("FAILED   $name"); FAILED=1
  elif [ -n "${LANE_SKIPPED:-}" ]; then RESULTS+=("skipped  $name: $LANE_SKIPPED")
  else RESULTS+=("passed   $name")
  fi
}
lint() {
  .venv/bin/ruff check . && .venv/bin/ruff format --check . && .venv/bin/mypy sleepapp
}
postgres_lane() {
  if [ -n "$PG_SKIP" ]; then
    SLEEPAPP_SKIP_ALL="$PG_SKIP" .venv/bin/pytest -q -p no:cacheprovider -m "not e2e" "$@"
  else
    TEST_DATABASE_URL="$PG_URL" .venv/bin/pytest -q -p no:cacheprovider -m "not e2e" "$@"
  fi
}

lane "lint (ruff, mypy)" lint
lane "tests on SQLite (with browser tests)" .venv/bin/pytest -q -p no:cacheprovider "$@"
LANE_SKIPPED=$PG_SKIP lane "tests on PostgreSQL" postgres_lane "$@"

echo "== summary"
printf '  %s\n' "${RESULTS[@]}"
exit "$FAILED"
