#!/usr/bin/env bash
# ./parley bench listen [--flag value ...]
# Listening together: how long the music sample's play, pause, seek and skip calls, made by a random
# member of a group at a fixed rate, take to reach every other member's live WebSocket as a
# page_broadcast, measured against a server launched as its own process (as './parley start' does) on
# a fresh temporary data directory and a free port. bench/run has built the server and this module.
# See bench/README.md ("listen") for what it measures and the figures it printed.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
: "${JAVA_HOME:?run through ./parley bench listen}"
# shellcheck source=bench/launcher.sh
. "$ROOT/bench/launcher.sh"

work="$(mktemp -d "${TMPDIR:-/tmp}/parley-bench-listen.XXXXXX")"
driver_pid=""
cleanup() {
  if [ -n "$driver_pid" ] && kill -0 "$driver_pid" 2>/dev/null; then kill "$driver_pid" 2>/dev/null || true; fi
  bench_stop_servers "$work"
  if [ -n "${BENCH_LISTEN_KEEP:-}" ]; then echo "bench listen: logs kept in $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

bench_snapshot listen "$work"

bench_driver_java "$work/root" dev.parley.bench.listen.ListenBench \
  --launcher "$work/parley-server" --work-dir "$work" \
  --revision "$(git -C "$ROOT" describe --always --dirty 2>/dev/null || echo unknown)" "$@" &
driver_pid=$!
wait "$driver_pid"
