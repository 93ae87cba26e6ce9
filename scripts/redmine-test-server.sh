#!/usr/bin/env bash
# The real Redmine the integration tests talk to (docs/adr/0043): Debian 12's redmine 5.0 package on
# SQLite, served by WEBrick on 127.0.0.1 only. Follows /work/shared/recipes/ticketing-server.md, Option B.
#
#   install          apt-get install the packages when absent and keep a pristine copy of the
#                    database as installed (root; 24-36 s once per machine)
#   start [--fresh]  enable REST, set the admin API key, start WEBrick as www-data and wait until it
#                    answers; --fresh first puts the pristine database back
#   stop             stop the server started by start (by its PID)
#   status           exit 0 when the server started by start is running
#
# Environment: REDMINE_PORT (3000), REDMINE_API_KEY (40 hex digits), REDMINE_RUN_DIR (/tmp/redmine-run).
set -euo pipefail

PORT=${REDMINE_PORT:-3000}
KEY=${REDMINE_API_KEY:-0123456789abcdef0123456789abcdef01234567}
RUN=${REDMINE_RUN_DIR:-/tmp/redmine-run}
DB=/var/lib/dbconfig-common/sqlite3/redmine/instances/default/redmine_default
PRISTINE=/var/lib/dbconfig-common/sqlite3/redmine/instances/default/redmine_default.pristine
PIDFILE=$RUN/server.pid

installed() {
  dpkg-query -W -f='${Status}\n' redmine redmine-sqlite ruby-webrick sqlite3 2>/dev/null \
    | grep -c 'install ok installed' | grep -qx 4
}

running() {
  [ -f "$PIDFILE" ] || return 1
  local pid; pid=$(cat "$PIDFILE")
  [ -d "/proc/$pid" ] && [ "$(ps -o stat= -p "$pid" 2>/dev/null | cut -c1)" != Z ]
}

configure() {
  # REST on; login required, so a wrong or missing key gets 401 rather than a public project's 200;
  # admin without the forced password change; admin's API key is $KEY. And a status no workflow
  # reaches ("On Hold"): Redmine answers 204 to a move there and leaves the status as it was, the
  # way it ignores a status the user's role may not set, so the tests can see that happen.
  sqlite3 -bail "$DB" <<SQL
DELETE FROM settings WHERE name IN ('rest_api_enabled', 'login_required');
INSERT INTO settings (name, value, updated_on) VALUES ('rest_api_enabled', '1', datetime('now'));
INSERT INTO settings (name, value, updated_on) VALUES ('login_required', '1', datetime('now'));
UPDATE users SET must_change_passwd = 0 WHERE login = 'admin';
DELETE FROM tokens WHERE action = 'api' AND user_id = (SELECT id FROM users WHERE login = 'admin');
INSERT INTO tokens (user_id, action, value, created_on, updated_on)
  SELECT id, 'api', '$KEY', datetime('now'), datetime('now') FROM users WHERE login = 'admin';
INSERT INTO issue_statuses (name, is_closed, position)
  SELECT 'On Hold', 0, (SELECT MAX(position) + 1 FROM issue_statuses)
  WHERE NOT EXISTS (SELECT 1 FROM issue_statuses WHERE name = 'On Hold');
SQL
}

install() {
  if ! installed; then
    export DEBIAN_FRONTEND=noninteractive
    debconf-set-selections <<'SEL'
redmine redmine/current-instances string default
redmine redmine/instances/default/dbconfig-install boolean true
redmine redmine/instances/default/database-type select sqlite3
redmine redmine/instances/default/default-language select en
SEL
    apt-get install -y -q --no-install-recommends -o DPkg::Lock::Timeout=300 \
      redmine redmine-sqlite ruby-webrick sqlite3
  fi
  [ -s "$DB" ] || { echo "no Redmine database at $DB" >&2; exit 1; }
  if [ ! -s "$PRISTINE" ]; then
    running && { echo "stop Redmine before install" >&2; exit 1; }
    cp -p "$DB" "$PRISTINE"   # root:www-data 0660, as the package made it
  fi
  echo "Redmine installed"
}

start() {
  [ -s "$PRISTINE" ] || { echo "Redmine is not installed: run $0 install (as root)" >&2; exit 2; }
  if running; then
    echo "Redmine already running, pid $(cat "$PIDFILE")" >&2
    exit 1
  fi
  if [ "${1:-}" = --fresh ]; then
    cp -p "$PRISTINE" "$DB"
  fi
  configure
  if curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$PORT/"; then
    echo "something else answers on 127.0.0.1:$PORT" >&2
    exit 1
  fi
  mkdir -p "$RUN"
  cd /usr/share/redmine
  local t0; t0=$(date +%s%N)
  # -rwebrick: load WEBrick before Bundler locks the load path (webrick is not in Redmine's Gemfile).
  # setpriv execs, so $! is the server itself; www-data, because root would leave files www-data cannot write.
  nohup setpriv --reuid=www-data --regid=www-data --init-groups \
    env REDMINE_INSTANCE=default RAILS_ENV=production \
    ruby -rwebrick /usr/bin/rackup -E production -s webrick -o 127.0.0.1 -p "$PORT" \
    > "$RUN/server.log" 2>&1 < /dev/null &
  local pid=$!
  echo $pid > "$PIDFILE"
  local code=000
  for _ in $(seq 1 240); do   # up to 60 s
    code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/users/current.json" || true)
    [ "$code" != 000 ] && break
    kill -0 $pid 2>/dev/null || { cat "$RUN/server.log" >&2; exit 1; }
    sleep 0.25
  done
  [ "$code" != 000 ] || { echo "Redmine did not answer within 60 s" >&2; cat "$RUN/server.log" >&2; exit 1; }
  echo "Redmine answered HTTP $code after $(( ($(date +%s%N) - t0) / 1000000 )) ms on 127.0.0.1:$PORT; pid $pid"
}

stop() {
  running || { rm -f "$PIDFILE"; return 0; }
  local pid; pid=$(cat "$PIDFILE")
  kill -INT "$pid"   # SIGTERM works too, but WEBrick then logs a FATAL trace
  for _ in $(seq 1 100); do
    running || break
    sleep 0.1
  done
  running && { echo "Redmine (pid $pid) did not stop within 10 s" >&2; exit 1; }
  rm -f "$PIDFILE"
}

case "${1:-}" in
  install) install ;;
  start) shift; start "$@" ;;
  stop) stop ;;
  status) running ;;
  *) echo "usage: $0 install|start [--fresh]|stop|status" >&2; exit 64 ;;
esac
