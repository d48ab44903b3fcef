# Starts a throwaway PostgreSQL 15 cluster on 127.0.0.1 for the store tests and exports
# NETWEAVER_TEST_POSTGRES_URL. Sourced by .ci/run; also usable by hand: `source .ci/start-postgres.sh`.
# pg_ctl refuses to run as root, so every step runs as the postgres user.
pg_bin=/usr/lib/postgresql/15/bin
pg_port=${NETWEAVER_PG_PORT:-55432}
pg_dir=${NETWEAVER_PG_DIR:-/tmp/netweaver-pg}
as_postgres() { su postgres -s /bin/sh -c "$*"; }
if ! as_postgres "$pg_bin/pg_ctl status -D $pg_dir" >/dev/null 2>&1; then
  rm -rf "$pg_dir" && mkdir -p "$pg_dir" && chown postgres:postgres "$pg_dir"
  as_postgres "$pg_bin/initdb -D $pg_dir -A trust -U postgres" >/tmp/netweaver-pg-init.log
  as_postgres "$pg_bin/pg_ctl -D $pg_dir -l $pg_dir/server.log -o '-c listen_addresses=127.0.0.1 -p $pg_port -k /tmp' -w start" >/dev/null ||
    { cat "$pg_dir/server.log" >&2; return 1 2>/dev/null || exit 1; }
fi
export NETWEAVER_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$pg_port/postgres"
