#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests, on a loopback port in a temporary folder.
#
#   scripts/pg-test-cluster.sh start   # prints postgres://postgres@127.0.0.1:PORT/postgres
#   scripts/pg-test-cluster.sh stop    # stops it and deletes its folder
#   scripts/pg-test-cluster.sh url     # prints the URL of the running cluster
#
# PostgreSQL refuses to run as root, so as root the server runs as the `postgres` user
# (Debian's postgresql package creates it); as anyone else it runs as that user. Trust
# authentication is safe here: the server listens on 127.0.0.1 only and a Unix socket in
# its own folder, and lives only as long as the test run.
set -euo pipefail

STATE=${RUNNER_DASH_PG_STATE:-/tmp/runner-dash-pg-test-cluster}
BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

url_of() { echo "postgres://postgres@127.0.0.1:$(cat "$1/port")/postgres"; }

start() {
  if [ -z "$BIN" ] || [ ! -x "$BIN/initdb" ]; then
    echo "pg-test-cluster: PostgreSQL is not installed (apt-get install postgresql)" >&2
    exit 1
  fi
  if [ -f "$STATE" ] && [ -d "$(cat "$STATE")" ]; then
    echo "pg-test-cluster: already running in $(cat "$STATE"); stop it first" >&2
    exit 1
  fi
  local dir port
  dir=$(mktemp -d /tmp/runner-dash-pg.XXXXXX)
  chmod 700 "$dir"
  [ "$(id -u)" = 0 ] && chown postgres: "$dir"
  # A free port picked by the kernel; the cluster binds it a moment later.
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
  as_owner "$BIN/initdb" -D "$dir/data" -A trust -U postgres --no-sync -E UTF8 >"$dir/initdb.log" 2>&1 ||
    { cat "$dir/initdb.log" >&2; rm -rf "$dir"; exit 1; }
  echo "$port" >"$dir/port"
  # fsync off: a throwaway cluster need not survive a power cut, and tests run faster.
  as_owner "$BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null || { cat "$dir/server.log" >&2; rm -rf "$dir"; exit 1; }
  echo "$dir" >"$STATE"
  url_of "$dir"
}

stop() {
  [ -f "$STATE" ] || return 0
  local dir
  dir=$(cat "$STATE")
  if [ -d "$dir/data" ]; then
    as_owner "$BIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir" "$STATE"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  url) [ -f "$STATE" ] && url_of "$(cat "$STATE")" || { echo "pg-test-cluster: not running" >&2; exit 1; } ;;
  *) echo "usage: $0 start|stop|url" >&2; exit 2 ;;
esac
