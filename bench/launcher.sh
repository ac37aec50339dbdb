# Sourced by the benchmarks that measure a server launched as its own process (chat.sh, broker.sh, listen.sh, ...).
# Needs ROOT and JAVA_HOME. Defines:
#   bench_snapshot NAME WORK  copies the build into WORK/root and writes the launcher WORK/parley-server
#   bench_stop_servers WORK   stops the servers listed in WORK/server.pids (by pid) that still run
#   bench_driver_java ...     runs java as the load drivers do (one small JVM, Serial GC, the snapshot's jars)

# What runs is a snapshot of the build taken now (server jar, target/lib, target/graal; the driver's
# jar and lib), so that a build running meanwhile cannot swap jars under a measurement.
bench_snapshot() {
  local name="$1" work="$2" snap="$2/root"
  mkdir -p "$snap/server/target" "$snap/bench"
  ls "$ROOT"/server/target/server-*.jar >/dev/null 2>&1 || { echo "bench $name: no server jar; run ./parley bench $name" >&2; return 1; }
  cp "$ROOT"/server/target/server-*.jar "$snap/server/target/"
  cp -r "$ROOT/server/target/lib" "$snap/server/target/"
  if [ -d "$ROOT/server/target/graal" ]; then cp -r "$ROOT/server/target/graal" "$snap/server/target/"; fi
  cp "$(ls "$ROOT"/bench/target/bench-*.jar | grep -v -e sources -e javadoc | head -n1)" "$snap/bench/driver.jar"
  cp -r "$ROOT/bench/target/lib" "$snap/bench/lib"

  # The server is started exactly as './parley start' starts it, minus the build: the launcher below
  # holds ./parley's own functions (start, server_jvm_args and any helper they call), so JVM flags
  # added there apply here too; build_server becomes a no-op and nothing else of ./parley runs (no JDK
  # probing), so the start-up figure is the server's own. ROOT points at the snapshot.
  local functions
  functions="$(sed -n '/^[A-Za-z_][A-Za-z0-9_]*() {/,/^}/p' "$ROOT/parley")"
  case "$functions" in
    *"server_jvm_args() {"*"aot_cache_args() {"*"start() {"*) ;;
    *) echo "bench $name: cannot find server_jvm_args(), aot_cache_args() and start() in $ROOT/parley" >&2; return 1 ;;
  esac
  {
    echo '#!/usr/bin/env bash'
    echo 'set -euo pipefail'
    printf 'ROOT=%q\n' "$snap"
    printf 'JAVA_HOME=%q\n' "$JAVA_HOME"
    echo 'export JAVA_HOME'
    # The launcher's own variables as the bench was run with (the driver clears PARLEY_* for the server).
    printf 'PARLEY_TRUFFLE=%q\n' "${PARLEY_TRUFFLE:-}"
    printf 'PARLEY_JAVA_OPTS=%q\n' "${PARLEY_JAVA_OPTS:-}"
    echo 'cd "$ROOT"'
    echo "$functions"
    echo 'build_server() { :; }'
    echo 'if [ "${1:-}" = --prepare ]; then aot_cache_args "$(stable_classpath)" > /dev/null; exit 0; fi'
    echo 'start "$@"'
  } > "$work/parley-server"
  chmod +x "$work/parley-server"
  # The AOT cache's training start, as ./parley makes it after a build: before anything is measured.
  "$work/parley-server" --prepare
}

# Servers a driver launched and did not stop (it was interrupted): only those, by pid.
bench_stop_servers() {
  local pid
  if [ -f "$1/server.pids" ]; then
    while read -r pid; do
      if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill "$pid" 2>/dev/null || true; fi
    done < "$1/server.pids"
  fi
}

# The driver: one small JVM; Serial GC keeps its collections short and off the server's cores.
bench_driver_java() {
  local snap="$1"; shift
  "$JAVA_HOME/bin/java" -Xms1g -Xmx1g -XX:+UseSerialGC -XX:+AlwaysPreTouch \
    -Djava.net.preferIPv4Stack=true -Dslf4j.internal.verbosity=ERROR \
    -cp "$snap/bench/driver.jar:$snap/bench/lib/*" "$@"
}
