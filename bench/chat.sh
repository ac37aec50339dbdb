#!/usr/bin/env bash
# ./parley bench chat [startup] [fanout] [memory] [--flag value ...]
# Start-up time, WebSocket fan-out latency and idle-connection memory of the chat server, measured
# against a server launched as its own process (as './parley start' does) on a fresh temporary
# data directory and a free port. bench/run has built the server and this module already.
# See bench/README.md ("chat") for what it measures and the figures it printed.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
: "${JAVA_HOME:?run through ./parley bench chat}"

# 10,000 client sockets here plus as many in the server: raise the open-file limit if we may.
ulimit -n 65535 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

work="$(mktemp -d "${TMPDIR:-/tmp}/parley-bench-chat.XXXXXX")"
driver_pid=""
cleanup() {
  local pid
  if [ -n "$driver_pid" ] && kill -0 "$driver_pid" 2>/dev/null; then kill "$driver_pid" 2>/dev/null || true; fi
  # Servers the driver launched and did not stop (it was interrupted): only those, by pid.
  if [ -f "$work/server.pids" ]; then
    while read -r pid; do
      if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill "$pid" 2>/dev/null || true; fi
    done < "$work/server.pids"
  fi
  if [ -n "${BENCH_CHAT_KEEP:-}" ]; then echo "bench chat: logs kept in $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# What runs is a snapshot of the build taken now (server jar, target/lib, target/graal; the driver's
# jar and lib), so that a build running meanwhile cannot swap jars under a measurement.
snap="$work/root"
mkdir -p "$snap/server/target" "$snap/bench"
ls "$ROOT"/server/target/server-*.jar >/dev/null 2>&1 || { echo "bench chat: no server jar; run ./parley bench chat" >&2; exit 1; }
cp "$ROOT"/server/target/server-*.jar "$snap/server/target/"
cp -r "$ROOT/server/target/lib" "$snap/server/target/"
if [ -d "$ROOT/server/target/graal" ]; then cp -r "$ROOT/server/target/graal" "$snap/server/target/"; fi
cp "$(ls "$ROOT"/bench/target/bench-*.jar | grep -v -e sources -e javadoc | head -n1)" "$snap/bench/driver.jar"
cp -r "$ROOT/bench/target/lib" "$snap/bench/lib"

# The server is started exactly as './parley start' starts it, minus the build: the launcher below
# holds ./parley's own functions (start, server_jvm_args and any helper they call), so JVM flags
# added there apply here too; build_server becomes a no-op and nothing else of ./parley runs (no JDK
# probing), so the start-up figure is the server's own. ROOT points at the snapshot.
functions="$(sed -n '/^[A-Za-z_][A-Za-z0-9_]*() {/,/^}/p' "$ROOT/parley")"
case "$functions" in
  *"server_jvm_args() {"*"start() {"*|*"start() {"*"server_jvm_args() {"*) ;;
  *) echo "bench chat: cannot find start() and server_jvm_args() in $ROOT/parley" >&2; exit 1 ;;
esac
{
  echo '#!/usr/bin/env bash'
  echo 'set -euo pipefail'
  printf 'ROOT=%q\n' "$snap"
  printf 'JAVA_HOME=%q\n' "$JAVA_HOME"
  echo 'export JAVA_HOME'
  echo 'cd "$ROOT"'
  echo "$functions"
  echo 'build_server() { :; }'
  echo 'start "$@"'
} > "$work/parley-server"
chmod +x "$work/parley-server"

# The driver: one small JVM; Serial GC keeps its collections short and off the server's cores.
"$JAVA_HOME/bin/java" -Xms1g -Xmx1g -XX:+UseSerialGC -XX:+AlwaysPreTouch \
  -Djava.net.preferIPv4Stack=true -Dslf4j.internal.verbosity=ERROR \
  -cp "$snap/bench/driver.jar:$snap/bench/lib/*" dev.parley.bench.chat.ChatBench \
  --launcher "$work/parley-server" --work-dir "$work" \
  --revision "$(git -C "$ROOT" describe --always --dirty 2>/dev/null || echo unknown)" "$@" &
driver_pid=$!
wait "$driver_pid"
