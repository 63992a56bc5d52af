#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster on 127.0.0.1 and prints its URL.
# Usage: .ci/postgres.sh start DIR PORT | .ci/postgres.sh stop DIR
# A DIR that already holds a cluster (the benchmark's --reuse) is started again as it is.
set -euo pipefail
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
case "$1" in
  start)
    dir=$2 port=$3
    mkdir -p "$dir"
    chown postgres:postgres "$dir"
    # initdb refuses to run as root; the log is written outside su so the caller can read it.
    [ -f "$dir/data/PG_VERSION" ] || su postgres -c "$bin/initdb -D '$dir/data' -A trust -U postgres --no-sync" > "$dir/initdb.log" 2>&1
    su postgres -c "$bin/pg_ctl -D '$dir/data' -o '-h 127.0.0.1 -p $port -k /tmp -F -c max_connections=1000 -c shared_buffers=128MB' -w start" > "$dir/server.log" 2>&1
    echo "postgres://postgres@127.0.0.1:$port/postgres?sslmode=disable"
    ;;
  stop)
    su postgres -c "$bin/pg_ctl -D '$2/data' -m fast stop" > /dev/null 2>&1 || true
    ;;
esac
