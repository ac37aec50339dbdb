#!/usr/bin/env bash
# ./parley bench cli [rounds]
# The developer CLI as a developer meets it: a server started as ./parley start starts it (a fresh data
# directory, a free port), then, per round, `parley app init` → `validate` → `publish` of a new app, each
# a new JVM of the standalone jar (java -jar cli/target/parley-cli.jar, as ./parley app runs it). Prints
# p50/p99 of each step and of init → publish (uploaded and submitted); then `parley app dev` watching the first app
# while server.js is saved again and again: save → live p50/p99. bench/run has built everything.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
: "${JAVA_HOME:?run through ./parley bench cli}"
# shellcheck source=bench/launcher.sh
. "$ROOT/bench/launcher.sh"
rounds="${1:-5}"

work="$(mktemp -d "${TMPDIR:-/tmp}/parley-bench-cli.XXXXXX")"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then kill "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

[ -n "${BENCH_CLI_NO_BUILD:-}" ] || "$ROOT/mvnw" -B -ntp -q -DskipTests install -pl cli -am
bench_snapshot cli "$work"
cp "$ROOT/cli/target/parley-cli.jar" "$work/parley-cli.jar"

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
server="http://127.0.0.1:$port"
password='tea at seven, every day 42'
"$work/parley-server" --host 127.0.0.1 --port "$port" --data-dir "$work/data" \
  --bootstrap-admin.username=benchadmin --bootstrap-admin.password="$password" > "$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 600); do
  curl -fs "$server/health/ready" > /dev/null 2>&1 && break
  kill -0 "$server_pid" 2>/dev/null || { echo "bench cli: the server stopped; log:" >&2; tail -20 "$work/server.log" >&2; exit 1; }
  sleep 0.5
done

# The admin makes themselves a developer (the console's Roles page does this request).
jar="$work/cookies"
csrf="$(curl -fs -c "$jar" -H 'Content-Type: application/json' "$server/api/auth/signin" \
  -d "{\"username\":\"benchadmin\",\"password\":\"$password\"}" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["csrfToken"], d["account"]["id"])')"
read -r token id <<< "$csrf"
curl -fs -b "$jar" -H "X-CSRF-Token: $token" -H 'Content-Type: application/json' \
  "$server/api/admin/accounts/$id/roles" -d '{"role":"developer"}' > /dev/null

cli() { "$JAVA_HOME/bin/java" -XX:TieredStopAtLevel=1 --enable-native-access=ALL-UNNAMED \
  --sun-misc-unsafe-memory-access=allow -Dpolyglot.engine.WarnInterpreterOnly=false -jar "$work/parley-cli.jar" "$@"; }
ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }

export PARLEY_CONFIG_DIR="$work/config" NO_COLOR=1
PARLEY_PASSWORD="$password" cli login --server "$server" --username benchadmin > /dev/null

echo "Parley CLI benchmark: $rounds rounds of init → validate → publish, each command a new JVM ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"
: > "$work/times"
cd "$work"
for i in $(seq 1 "$rounds"); do
  app="bench-app-$i"
  t0=$(date +%s%N); cli init "$app" > /dev/null; init=$(ms "$t0")
  t1=$(date +%s%N); cli validate --dir "$app" > /dev/null; validate=$(ms "$t1")
  t2=$(date +%s%N); cli publish --dir "$app" > /dev/null; publish=$(ms "$t2")
  total=$(ms "$t0")
  echo "$init $validate $publish $total" >> "$work/times"
  printf 'round %d: init %d ms, validate %d ms, publish %d ms, init → publish %d ms\n' "$i" "$init" "$validate" "$publish" "$total"
done
python3 - "$work/times" <<'PY'
import sys
rows = [list(map(int, l.split())) for l in open(sys.argv[1]) if l.strip()]
def pct(xs, p):
    xs = sorted(xs); k = max(0, min(len(xs) - 1, round(p / 100 * len(xs) + 0.5) - 1)); return xs[k]
for i, name in enumerate(["init", "validate (sandbox load)", "publish (zip, upload, submit)", "init -> publish"]):
    col = [r[i] for r in rows]
    print(f"{name:32s} p50 {pct(col, 50):6d} ms   p99 {pct(col, 99):6d} ms")
PY
# Dev mode: one watching `parley app dev`; each save (a line appended to server.js) until it prints "live … in N ms",
# measured by the CLI from the save's first file event to the server's answer (the new code loaded).
saves="${BENCH_CLI_SAVES:-20}"
cli dev --dir bench-app-1 --for-millis $(( (saves + 10) * 3000 )) > "$work/dev.out" 2>&1 &
dev_pid=$!
for _ in $(seq 1 120); do grep -q '^Watching' "$work/dev.out" 2>/dev/null && break; sleep 0.5; done
for i in $(seq 1 "$saves"); do
  echo "// save $i" >> bench-app-1/server.js
  before=$(grep -c '^live' "$work/dev.out" || true)
  for _ in $(seq 1 100); do [ "$(grep -c '^live' "$work/dev.out" || true)" -gt "$before" ] && break; sleep 0.1; done
  sleep 0.5
done
kill "$dev_pid" 2>/dev/null || true
wait "$dev_pid" 2>/dev/null || true
grep '^live' "$work/dev.out" | tail -n +2 | sed -n 's/.* in \([0-9]*\) ms.*/\1/p' > "$work/dev.times"
python3 - "$work/dev.times" <<'PY'
import sys
xs = sorted(int(l) for l in open(sys.argv[1]) if l.strip())
def pct(p): return xs[max(0, min(len(xs) - 1, round(p / 100 * len(xs) + 0.5) - 1))] if xs else -1
print(f"dev mode: save -> live over {len(xs)} saves   p50 {pct(50)} ms   p99 {pct(99)} ms   max {xs[-1] if xs else -1} ms")
PY
