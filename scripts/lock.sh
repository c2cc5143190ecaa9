#!/usr/bin/env bash
# Pin every dependency, transitive ones included, with hashes: `make lock`.
# requirements.in / requirements-dev.in are the human-edited lists; requirements.txt /
# requirements-dev.txt are generated from them and are what every install uses. The last line
# of each lock records the sha256 of its inputs, so tests/test_lock.py can tell a stale lock.
set -euo pipefail
cd "$(dirname "$0")/.."

UV=${UV:-.venv/bin/uv}
[ -x "$UV" ] || { python3 -m venv .venv && .venv/bin/python -m pip install -q uv; UV=.venv/bin/uv; }

lock() {  # lock OUTPUT INPUT...
  local out=$1; shift
  "$UV" pip compile "$1" --quiet --universal --python-version 3.11 --generate-hashes \
    --custom-compile-command "make lock" --output-file "$out"
  echo "# inputs-sha256: $(cat "$@" | sha256sum | cut -d' ' -f1)" >> "$out"
}

lock requirements.txt requirements.in
lock requirements-dev.txt requirements-dev.in requirements.in
echo "lock: requirements.txt and requirements-dev.txt regenerated"
