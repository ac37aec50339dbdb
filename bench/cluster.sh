#!/usr/bin/env bash
# ./parley bench cluster [--flag value ...]
# Fan-out throughput, cross-node delivery p99 and brokered-call throughput with one plain node and
# clusters of 1, 2 and 3 nodes (server processes as './parley start --cluster' runs them, Hazelcast on
# loopback), each configuration on a fresh PostgreSQL database on 127.0.0.1:5432 (user postgres;
# PARLEY_BENCH_PG = host:port for another server), printed side by side with the clustering overhead
# per message. bench/run has built the server and this module. See bench/README.md ("cluster").
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
: "${JAVA_HOME:?run through ./parley bench cluster}"
# shellcheck source=bench/launcher.sh
. "$ROOT/bench/launcher.sh"

pg="${PARLEY_BENCH_PG:-127.0.0.1:5432}"
pg_host="${pg%:*}"
pg_port="${pg##*:}"
work="$(mktemp -d "${TMPDIR:-/tmp}/parley-bench-cluster.XXXXXX")"
databases=()
driver_pid=""
psql_admin() { psql -X -q -v ON_ERROR_STOP=1 -h "$pg_host" -p "$pg_port" -U postgres -d postgres "$@"; }
cleanup() {
  if [ -n "$driver_pid" ] && kill -0 "$driver_pid" 2>/dev/null; then kill "$driver_pid" 2>/dev/null || true; fi
  bench_stop_servers "$work"
  local db
  for db in "${databases[@]}"; do
    psql_admin -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 \
      || echo "bench cluster: could not drop the database $db on $pg" >&2
  done
  if [ -n "${BENCH_CLUSTER_KEEP:-}" ]; then echo "bench cluster: logs kept in $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

bench_snapshot cluster "$work"

urls=""
if command -v psql >/dev/null 2>&1; then
  for i in 1 2 3 4; do
    db="parley_bench_cluster_$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')"
    if psql_admin -c "CREATE DATABASE $db" >/dev/null 2>"$work/psql.err"; then
      databases+=("$db")
      urls="${urls:+$urls,}postgresql://postgres@$pg_host:$pg_port/$db"
    else
      echo "bench cluster: PostgreSQL at $pg is unreachable: $(head -n1 "$work/psql.err" 2>/dev/null)" >&2
      break
    fi
  done
else
  echo "bench cluster: psql is missing" >&2
fi

bench_driver_java "$work/root" dev.parley.bench.cluster.ClusterBench \
  --launcher "$work/parley-server" --work-dir "$work" --postgres-urls "$urls" \
  --revision "$(git -C "$ROOT" describe --always --dirty 2>/dev/null || echo unknown)" "$@" &
driver_pid=$!
wait "$driver_pid"
