#!/usr/bin/env bash
# Makes sure the servers the tests start for real are installed: redis-server
# and PostgreSQL (Debian packages). Idempotent: does nothing when both are
# there. The tests start their own instances on 127.0.0.1 in temp dirs; this
# script never starts or enables a system service.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/log.sh

have_postgres() {
  command -v initdb >/dev/null 2>&1 || compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null
}

missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
have_postgres || missing+=(postgresql)
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "kit: the tests need ${missing[*]} (Debian packages); install them, e.g. sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
echo "kit: installing ${missing[*]} for the tests (Debian packages; apt-get's output: $kit_log)"
export DEBIAN_FRONTEND=noninteractive
logged "apt-get update" apt-get update -q
# policy-rc.d 101: install without starting the system services.
policy=/usr/sbin/policy-rc.d
created_policy=0
if [ ! -e "$policy" ]; then printf '#!/bin/sh\nexit 101\n' > "$policy"; chmod +x "$policy"; created_policy=1; fi
status=0
logged "installing ${missing[*]}" apt-get install -y -q --no-install-recommends "${missing[@]}" || status=$?
[ "$created_policy" -eq 1 ] && rm -f "$policy"
[ "$status" -eq 0 ] || exit "$status"
echo "kit: ${missing[*]} installed"
