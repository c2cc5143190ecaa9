#!/usr/bin/env bash
# Install and start the app on embedded SQLite: `make run` (README, "Try it").
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=scripts/common.sh
. scripts/common.sh
ensure_venv requirements.txt

export SLEEPAPP_CONFIG=${SLEEPAPP_CONFIG:-development}
.venv/bin/flask --app wsgi db upgrade
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}
echo
echo "  Sleep app running at: http://$HOST:$PORT/   (Ctrl-C stops it)"
echo
exec .venv/bin/gunicorn wsgi:app -c gunicorn.conf.py --bind "$HOST:$PORT"
