#!/usr/bin/env bash
# Browser-test dependencies, installed only when missing (idempotent):
#   - Debian's chromium, driven by Playwright (no `playwright install` download);
#   - axe-core from npm, pinned in package-lock.json and served to pages locally;
#   - lighthouse from npm, pinned there too (12.2.3: 13 needs Node 22), run on
#     the same chromium by tests/browser/test_lighthouse.py.
# Exits non-zero with a plain message when something cannot be installed: the
# browser tests then fail (tests/browser/conftest.py says why), never skip.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/log.sh

# apt_install PACKAGE: as root on Debian/Ubuntu, refreshing the index once if needed.
apt_install() {
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "kit: '$1' is missing and this is not a root Debian/Ubuntu shell; install it (apt-get install $1)" >&2
    return 1
  fi
  echo "kit: installing $1 for the browser tests (apt-get; its output: $kit_log)"
  export DEBIAN_FRONTEND=noninteractive
  # The first try quietly (the index may only be stale), then with a fresh index.
  apt-get install -y -q --no-install-recommends "$1" >>"$kit_log" 2>&1 \
    || { logged "apt-get update" apt-get update -q && logged "installing $1" apt-get install -y -q --no-install-recommends "$1"; }
}

chromium=${KIT_CHROMIUM:-/usr/bin/chromium}
[ -x "$chromium" ] || apt_install chromium

# Both from one `npm ci`: a node_modules made before lighthouse joined the
# lock (axe-core alone) gets it on the next run.
if [ ! -f node_modules/axe-core/axe.min.js ] || [ ! -f node_modules/lighthouse/package.json ]; then
  command -v npm >/dev/null 2>&1 || apt_install npm
  echo "kit: installing axe-core and lighthouse from package-lock.json (npm ci; its output: $kit_log)"
  logged "installing axe-core and lighthouse (npm ci)" npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
fi
