#!/usr/bin/env bash
# Regenerates requirements.lock from requirements.in in a throw-away Python 3.10 venv.
set -euo pipefail
cd "$(dirname "$0")/.."
python310=$(.venv/bin/python -c 'import sys; print(sys.executable)' 2>/dev/null || true)
[ -n "$python310" ] || { echo "Run 'make setup' first (it finds Python 3.10)." >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$python310" -m venv "$tmp/venv"
"$tmp/venv/bin/pip" install --quiet --disable-pip-version-check -r requirements.in
"$tmp/venv/bin/pip" freeze > requirements.lock
echo "kit: requirements.lock updated ($(wc -l < requirements.lock) packages)"
