#!/usr/bin/env bash
# Kit's test command (`make test`, also run by .ci/run):
# set-up (and PostgreSQL for the teacher suite) -> train if changed -> content
# check -> pytest (rasa data validate, Rasa test stories, actions, web API,
# teacher suite on SQLite and PostgreSQL, safety regression suite, end to end).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# The teacher suite runs on SQLite and on PostgreSQL; the tests start their own
# throw-away cluster on 127.0.0.1 (tests/postgres.py) from Debian's postgresql
# package, installed here when it is missing and we may (root, apt-get).
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && [ "${KIT_SKIP_POSTGRES:-}" != 1 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "kit: installing Debian's postgresql package for the PostgreSQL test run"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends postgresql >/dev/null
  else
    echo "kit: PostgreSQL is not installed: apt-get install postgresql (or KIT_SKIP_POSTGRES=1 to skip that run)" >&2
  fi
fi
export RASA_TELEMETRY_ENABLED=false PYTHONPATH="$PWD"
.venv/bin/python -m bot train
.venv/bin/python -m bot content check
exec .venv/bin/python -m pytest -q "$@"
