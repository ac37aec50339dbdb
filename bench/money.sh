#!/usr/bin/env bash
# ./parley bench money [--flag value ...]
# Confirmed payments per second between random pairs of 10,000 wallets (closed-loop), their latency at
# half that rate from the scheduled send time (open-loop), and a clean reconciliation afterwards, against
# a server launched as its own process (as './parley start' does) on the embedded H2 store and on
# PostgreSQL, then PostgreSQL's own pgbench -b tpcb-like on the same server as the baseline (both printed,
# and their ratio). For PostgreSQL a fresh database is created on 127.0.0.1:5432 (user postgres; PARLEY_BENCH_PG
# = host:port for another server) and dropped at the end. bench/run has built the server and this module.
# See bench/README.md ("money") for what it measures and the figures it printed.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
: "${JAVA_HOME:?run through ./parley bench money}"
# shellcheck source=bench/launcher.sh
. "$ROOT/bench/launcher.sh"

pg="${PARLEY_BENCH_PG:-127.0.0.1:5432}"
pg_host="${pg%:*}"
pg_port="${pg##*:}"
work="$(mktemp -d "${TMPDIR:-/tmp}/parley-bench-money.XXXXXX")"
database="parley_bench_money_$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')"
created=""
pgbench_database="parley_bench_pgbench_$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')"
pgbench_created=""
driver_pid=""
psql_admin() { psql -X -q -v ON_ERROR_STOP=1 -h "$pg_host" -p "$pg_port" -U postgres -d postgres "$@"; }
cleanup() {
  if [ -n "$driver_pid" ] && kill -0 "$driver_pid" 2>/dev/null; then kill "$driver_pid" 2>/dev/null || true; fi
  bench_stop_servers "$work"
  if [ -n "$created" ]; then
    psql_admin -c "DROP DATABASE IF EXISTS $database WITH (FORCE)" >/dev/null 2>&1 \
      || echo "bench money: could not drop the database $database on $pg" >&2
  fi
  if [ -n "$pgbench_created" ]; then
    psql_admin -c "DROP DATABASE IF EXISTS $pgbench_database WITH (FORCE)" >/dev/null 2>&1 \
      || echo "bench money: could not drop the database $pgbench_database on $pg" >&2
  fi
  if [ -n "${BENCH_MONEY_KEEP:-}" ]; then echo "bench money: logs kept in $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

bench_snapshot money "$work"

pg_url=""
if command -v psql >/dev/null 2>&1 && psql_admin -c "CREATE DATABASE $database" >/dev/null 2>"$work/psql.err"; then
  created=1
  pg_url="postgresql://postgres@$pg_host:$pg_port/$database"
else
  echo "bench money: PostgreSQL at $pg is unreachable or psql is missing: $(head -n1 "$work/psql.err" 2>/dev/null)" >&2
fi

# The baseline: PostgreSQL's own pgbench (tpcb-like) on the same server, in a database of its own.
pgbench_bin="$(command -v pgbench 2>/dev/null || ls -d /usr/lib/postgresql/*/bin/pgbench 2>/dev/null | sort -V | tail -n1 || true)"
pgbench_url=""
if [ -n "$created" ] && [ -n "$pgbench_bin" ] && psql_admin -c "CREATE DATABASE $pgbench_database" >/dev/null 2>>"$work/psql.err"; then
  pgbench_created=1
  pgbench_url="postgresql://postgres@$pg_host:$pg_port/$pgbench_database"
fi

bench_driver_java "$work/root" dev.parley.bench.money.MoneyBench \
  --launcher "$work/parley-server" --work-dir "$work" --postgres-url "$pg_url" \
  --pgbench "$pgbench_bin" --pgbench-url "$pgbench_url" \
  --revision "$(git -C "$ROOT" describe --always --dirty 2>/dev/null || echo unknown)" "$@" &
driver_pid=$!
wait "$driver_pid"
