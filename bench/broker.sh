#!/usr/bin/env bash
# ./parley bench broker [--flag value ...]
# Brokered slash-command calls (HTTP in, registry/installation/consent from cache, sandboxed handler,
# card out to the conversation) against a plain JSON endpoint of the same server, closed-loop and
# open-loop, measured against a server launched as its own process (as './parley start' does) on a
# fresh temporary data directory and a free port. bench/run has built the server and this module.
# See bench/README.md ("broker") for what it measures and the figures it printed.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
: "${JAVA_HOME:?run through ./parley bench broker}"
# shellcheck source=bench/launcher.sh
. "$ROOT/bench/launcher.sh"

work="$(mktemp -d "${TMPDIR:-/tmp}/parley-bench-broker.XXXXXX")"
driver_pid=""
cleanup() {
  if [ -n "$driver_pid" ] && kill -0 "$driver_pid" 2>/dev/null; then kill "$driver_pid" 2>/dev/null || true; fi
  bench_stop_servers "$work"
  if [ -n "${BENCH_BROKER_KEEP:-}" ]; then echo "bench broker: logs kept in $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

bench_snapshot broker "$work"

bench_driver_java "$work/root" dev.parley.bench.broker.BrokerBench \
  --launcher "$work/parley-server" --work-dir "$work" \
  --revision "$(git -C "$ROOT" describe --always --dirty 2>/dev/null || echo unknown)" "$@" &
driver_pid=$!
wait "$driver_pid"
