#!/usr/bin/env bash
# Flake check (`make flake-check`): with both cores kept busy by stress-ng, run the browser
# tests 5 times in a row and the whole `make test` 3 times; print each run's result and fail
# if any run failed. A flaky test is fixed at its cause, never retried or skipped.
set -uo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/common.sh
. scripts/common.sh

E2E_RUNS=${E2E_RUNS:-5}
SUITE_RUNS=${SUITE_RUNS:-3}
command -v stress-ng >/dev/null || apt_install stress-ng || { say "stress-ng is needed"; exit 1; }
ensure_venv requirements-dev.txt || exit 1

stress-ng --cpu "$(nproc)" --timeout 3600s --quiet &
HOG=$!
trap 'kill $HOG 2>/dev/null' EXIT
export CI=true

failed=0
results=()
run() {  # run LABEL COMMAND...
  local label=$1; shift
  local started=$SECONDS
  echo "== $label (load: $(cut -d' ' -f1 /proc/loadavg))"
  if "$@"; then results+=("passed  $label ($((SECONDS - started)) s)")
  else results+=("FAILED  $label ($((SECONDS - started)) s)"); failed=1
  fi
}
for i in $(seq "$E2E_RUNS"); do
  run "browser tests, run $i of $E2E_RUNS" .venv/bin/pytest -q -p no:cacheprovider tests/e2e
done
for i in $(seq "$SUITE_RUNS"); do
  run "whole suite (make test), run $i of $SUITE_RUNS" ./scripts/test.sh
done
echo "== flake check under stress-ng --cpu $(nproc)"
printf '  %s\n' "${results[@]}"
exit "$failed"
