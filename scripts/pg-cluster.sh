#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests and the benchmark.
#   pg-cluster.sh start DIR   installs Debian's postgresql if missing, runs
#                             initdb in DIR as the unprivileged `postgres`
#                             user, starts it on a free loopback port,
#                             creates the database `connect`, and prints one
#                             line on stdout: postgres://postgres@127.0.0.1:PORT/connect
#   pg-cluster.sh stop DIR    stops that cluster and removes DIR.
# Everything else (progress, server log on failure) goes to stderr.
# PG_CLUSTER_DURABLE=0 turns fsync off (test suites: speed, nothing to keep);
# by default the cluster is as durable as a production one, so that the
# benchmark compares it fairly with SQLite's synchronous=FULL.
set -euo pipefail

usage() { echo "usage: pg-cluster.sh start|stop DIR" >&2; exit 2; }
[ $# -eq 2 ] || usage
action=$1
dir=$2

bin_dir() {
  local found
  found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  [ -n "$found" ] && [ -x "$found/initdb" ] && echo "$found"
}

install_postgresql() {
  bin_dir >/dev/null && return 0
  echo "pg-cluster: installing Debian's postgresql" >&2
  export DEBIAN_FRONTEND=noninteractive
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get update -qq >&2
  # The package's own cluster is not wanted: only the binaries are used.
  $sudo apt-get install -y -qq --no-install-recommends postgresql >&2
  bin_dir >/dev/null || { echo "pg-cluster: no initdb after installing postgresql" >&2; exit 1; }
}

# Runs a PostgreSQL binary as the cluster's owner (PostgreSQL refuses root).
as_owner() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

start() {
  install_postgresql
  local bin user
  bin=$(bin_dir)
  if [ "$(id -u)" = 0 ]; then
    id -u postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/false postgres
    user=postgres
  else
    user=$(id -un)
  fi
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  [ -z "$(ls -A "$dir")" ] || { echo "pg-cluster: $dir is not empty" >&2; exit 1; }
  local data="$dir/data"
  mkdir -p "$data" "$dir/socket"
  [ "$(id -u)" != 0 ] || chown -R postgres:postgres "$dir"
  chmod 700 "$data"
  # Parent directories must let the owner reach DIR (mktemp dirs are 0700 root).
  if [ "$(id -u)" = 0 ]; then
    local up
    up=$(dirname "$dir")
    while [ "$up" != / ]; do
      runuser -u postgres -- test -x "$up" || chmod o+x "$up"
      up=$(dirname "$up")
    done
  fi
  as_owner "$bin/initdb" -D "$data" -U "$user" --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
    || as_owner "$bin/initdb" -D "$data" -U "$user" --auth=trust --encoding=UTF8 --no-locale >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 1; }
  local port attempt durability=""
  [ "${PG_CLUSTER_DURABLE:-1}" != 0 ] || durability="-c fsync=off -c full_page_writes=off -c synchronous_commit=off"
  for attempt in 1 2 3 4 5; do
    port=$(free_port)
    if as_owner "$bin/pg_ctl" -D "$data" -l "$dir/server.log" -w -t 60 start \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir/socket -c max_connections=200 $durability" >&2; then
      as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U "$user" connect >&2
      echo "$port" >"$dir/port"
      echo "postgres://$user@127.0.0.1:$port/connect"
      return 0
    fi
    echo "pg-cluster: start on port $port failed (attempt $attempt)" >&2
  done
  cat "$dir/server.log" >&2 || true
  exit 1
}

stop() {
  if [ -d "$dir/data" ]; then
    local bin
    bin=$(bin_dir) || true
    if [ -n "$bin" ] && [ -f "$dir/data/postmaster.pid" ]; then
      as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >&2 || true
    fi
  fi
  rm -rf "$dir"
}

case "$action" in
  start) start ;;
  stop) stop ;;
  *) usage ;;
esac
