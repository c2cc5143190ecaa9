#!/usr/bin/env bash
# Throughput of the real server: gunicorn (production config, 2 sync workers) on 127.0.0.1,
# a demo person with NIGHTS nights, wrk for DURATION per page. Run by hand:
#   bench/server_load.sh                      # SQLite in a temp dir
#   DATABASE_URL=postgresql://postgres@127.0.0.1/load_bench bench/server_load.sh
# Needs wrk (apt-get install -y wrk). Only ever talks to 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."
NIGHTS=${NIGHTS:-3650}
DURATION=${DURATION:-10s}
PORT=${PORT:-8931}
TMP=$(mktemp -d)
export SLEEPAPP_CONFIG=production FLASK_SECRET_KEY=$(python3 -c "import secrets;print(secrets.token_hex(32))")
export FLASK_SESSION_COOKIE_SECURE=false DATABASE_URL=${DATABASE_URL:-sqlite:///$TMP/load.db}
.venv/bin/flask --app wsgi db upgrade >/dev/null
.venv/bin/flask --app wsgi seed-demo --email load@example.com --password "load test password" --nights "$NIGHTS" >/dev/null
.venv/bin/gunicorn wsgi:app -c gunicorn.conf.py --bind 127.0.0.1:$PORT --workers 2 --access-logfile /dev/null 2>/dev/null &
GPID=$!
trap 'kill $GPID 2>/dev/null; rm -rf "$TMP"' EXIT
for _ in $(seq 50); do curl -sf http://127.0.0.1:$PORT/healthz >/dev/null && break; sleep 0.2; done
# Log in once and reuse the session cookie.
JAR=$TMP/jar
TOKEN=$(curl -s -c "$JAR" http://127.0.0.1:$PORT/login | sed -n 's/.*name="csrf-token" content="\([^"]*\)".*/\1/p')
curl -s -b "$JAR" -c "$JAR" -o /dev/null --data-urlencode "csrf_token=$TOKEN" \
  --data-urlencode "email=load@example.com" --data-urlencode "password=load test password" http://127.0.0.1:$PORT/login
COOKIE=$(awk '$6=="session"{print "session="$7}' "$JAR")
echo "nights=$NIGHTS duration=$DURATION database=${DATABASE_URL%%:*}"
for path in /healthz /guide/search?q=caffeine /diary /diary/history /program; do
  printf '%-24s ' "$path"
  wrk -t2 -c8 -d"$DURATION" -H "Cookie: $COOKIE" "http://127.0.0.1:$PORT$path" | awk '/Requests\/sec/{rps=$2} /Latency/{lat=$2} /Non-2xx/{bad=$NF} END{printf "%8s req/s  avg latency %s  non-2xx %s\n", rps, lat, bad+0}'
done
