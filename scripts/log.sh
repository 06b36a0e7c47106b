# Sourced by the set-up scripts: third-party output (pip, apt-get, npm) goes to
# Kit's log file, not the console, and a failed step says what failed, shows
# the end of the log and names it. The same file as bot/run_log.py.
# KIT_LOG_FILE from the environment, else from .env (as bot/settings.py reads it).
kit_log=${KIT_LOG_FILE:-}
[ -z "$kit_log" ] && [ -f .env ] && kit_log=$(sed -n 's/^KIT_LOG_FILE=//p' .env | tail -n 1)
kit_log=${kit_log:-var/log/kit.log}
mkdir -p "$(dirname "$kit_log")"

# logged "what is being done" COMMAND...: runs COMMAND with its output appended
# to the log; on failure prints the log's last lines and returns its status.
logged() {
  local what=$1 status=0
  shift
  echo "--- $(date -u +%FT%TZ) $what: $*" >>"$kit_log"
  "$@" >>"$kit_log" 2>&1 || status=$?
  if [ "$status" -ne 0 ]; then
    {
      echo "kit: $what failed (exit $status). The end of the log:"
      tail -n 15 "$kit_log" | sed 's/^/  | /'
      echo "kit: full log: $kit_log"
    } >&2
  fi
  return "$status"
}
