#!/usr/bin/env bash
# A PostgreSQL 15 server for bench/SyncLoad.java, in a temp folder on 127.0.0.1, with the default
# durability settings (fsync on). PostgreSQL refuses to run as root: as root it runs as `postgres`.
#   bench/throwaway-postgres.sh start PORT   prints the postgresql:// URL of an empty database
#   bench/throwaway-postgres.sh stop DIR     stops it and deletes DIR (the folder start printed)
set -euo pipefail
bin=${DRIFTSMITH_PG_BIN:-/usr/lib/postgresql/15/bin}
as_server() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
case "${1:-}" in
  start)
    port=${2:?port}
    dir=$(mktemp -d /tmp/driftsmith-bench-pg.XXXXXX)
    password=$(head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n')
    printf '%s' "$password" > "$dir/pw"
    [ "$(id -u)" = 0 ] && chown -R postgres:postgres "$dir"
    as_server "$bin/initdb" -D "$dir/data" -U bench --pwfile="$dir/pw" --auth=scram-sha-256 -E UTF8 --locale=C >/dev/null
    as_server "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -o "-h 127.0.0.1 -p $port -k $dir -c max_connections=100" start >/dev/null
    PGPASSWORD=$password "$bin/psql" -h 127.0.0.1 -p "$port" -U bench -d postgres -qc "CREATE DATABASE sync" >/dev/null
    echo "dir: $dir" >&2
    echo "postgresql://bench:$password@127.0.0.1:$port/sync"
    ;;
  stop)
    dir=${2:?dir}
    as_server "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
    rm -rf "$dir"
    ;;
  *) echo "usage: $0 start PORT | stop DIR" >&2; exit 2 ;;
esac
