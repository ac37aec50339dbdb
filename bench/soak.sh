#!/usr/bin/env bash
# ./parley bench soak [--flag value ...]
# The soak (issue 19): the server on a fresh embedded H2 store under waves of mixed load (chat messages,
# /ping commands, payments, media uploads) with slow readers (live WebSockets that never read) and a
# hostile app (/burn, /alloc, /deep), printing heap, RSS, threads and p99 over time and whether memory
# came back to its plateau after each wave. Not run in CI. bench/run has built the server and this module.
# See bench/README.md ("soak").
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
: "${JAVA_HOME:?run through ./parley bench soak}"
# shellcheck source=bench/launcher.sh
. "$ROOT/bench/launcher.sh"

work="$(mktemp -d "${TMPDIR:-/tmp}/parley-bench-soak.XXXXXX")"
driver_pid=""
cleanup() {
  if [ -n "$driver_pid" ] && kill -0 "$driver_pid" 2>/dev/null; then kill "$driver_pid" 2>/dev/null || true; fi
  bench_stop_servers "$work"
  if [ -n "${BENCH_SOAK_KEEP:-}" ]; then echo "bench soak: logs kept in $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

bench_snapshot soak "$work"

bench_driver_java "$work/root" dev.parley.bench.soak.SoakBench \
  --launcher "$work/parley-server" --work-dir "$work" \
  --revision "$(git -C "$ROOT" describe --always --dirty 2>/dev/null || echo unknown)" "$@" &
driver_pid=$!
wait "$driver_pid"
