# Starts a throwaway PostgreSQL 15 cluster on 127.0.0.1 for the store tests and exports
# NETWEAVER_TEST_POSTGRES_URL. Sourced by .ci/run; also usable by hand: `source .ci/start-postgres.sh`.
pg_bin=/usr/lib/postgresql/15/bin
pg_port=${NETWEAVER_PG_PORT:-55432}
pg_dir=${NETWEAVER_PG_DIR:-/tmp/netweaver-pg}
if ! "$pg_bin/pg_ctl" status -D "$pg_dir" >/dev/null 2>&1; then
  rm -rf "$pg_dir" && mkdir -p "$pg_dir" && chown postgres:postgres "$pg_dir"
  su postgres -s /bin/sh -c "$pg_bin/initdb -D $pg_dir -A trust -U postgres" >/tmp/netweaver-pg-init.log
  su postgres -s /bin/sh -c "$pg_bin/pg_ctl -D $pg_dir -l $pg_dir/server.log -o '-c listen_addresses=127.0.0.1 -p $pg_port -k /tmp' -w start" >/dev/null
fi
export NETWEAVER_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$pg_port/postgres"
