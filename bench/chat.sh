#!/usr/bin/env bash
# ./parley bench chat [startup] [fanout] [memory] [reclaim] [attachments] [--flag value ...]
# Start-up time, WebSocket fan-out latency and idle-connection memory of the chat server, measured
# against a server launched as its own process (as './parley start' does) on a fresh temporary
# data directory and a free port. bench/run has built the server and this module already.
# See bench/README.md ("chat") for what it measures and the figures it printed.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
: "${JAVA_HOME:?run through ./parley bench chat}"
# shellcheck source=bench/launcher.sh
. "$ROOT/bench/launcher.sh"

# 10,000 client sockets here plus as many in the server: raise the open-file limit if we may.
ulimit -n 65535 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

work="$(mktemp -d "${TMPDIR:-/tmp}/parley-bench-chat.XXXXXX")"
driver_pid=""
cleanup() {
  if [ -n "$driver_pid" ] && kill -0 "$driver_pid" 2>/dev/null; then kill "$driver_pid" 2>/dev/null || true; fi
  bench_stop_servers "$work"
  if [ -n "${BENCH_CHAT_KEEP:-}" ]; then echo "bench chat: logs kept in $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

bench_snapshot chat "$work"

bench_driver_java "$work/root" dev.parley.bench.chat.ChatBench \
  --launcher "$work/parley-server" --work-dir "$work" \
  --revision "$(git -C "$ROOT" describe --always --dirty 2>/dev/null || echo unknown)" "$@" &
driver_pid=$!
wait "$driver_pid"
