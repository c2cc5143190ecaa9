# Shared by scripts/*.sh (sourced): root access, Debian packages, the project's venv.

say() { printf '%s: %s\n' "$(basename "$0")" "$*"; }

# Run a command as root: directly when we are root, through sudo when it works without a
# password prompt, otherwise not at all (callers say what they skip).
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo "$@"
  else return 1
  fi
}

APT_UPDATED=""
apt_install() {
  [ -n "$APT_UPDATED" ] || { as_root apt-get update -qq >/dev/null || return 1; APT_UPDATED=1; }
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

PYTHON=${PYTHON:-python3}

# ensure_venv REQUIREMENTS: .venv/ with the locked requirements (python3-venv installed if
# Debian's Python lacks it).
ensure_venv() {
  if [ ! -x .venv/bin/python ]; then
    if ! "$PYTHON" -m venv .venv >/dev/null 2>&1; then
      rm -rf .venv
      say "python3-venv is missing: installing it"
      apt_install python3-venv || { say "cannot install python3-venv (no root or sudo)"; return 1; }
      "$PYTHON" -m venv .venv || return 1
    fi
  fi
  .venv/bin/python -m pip install -q --disable-pip-version-check -r "$1"
}

free_port() { "$PYTHON" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
