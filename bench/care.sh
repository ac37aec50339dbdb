#!/usr/bin/env bash
# ./parley bench care [--conversations 1000] [--agents 10] [--samples 300] [--in-flight 64]
# Customer care (issue 22): a burst of conversations offered to agents at once, assigned within each
# agent's cap (counts per agent against caps), and the p99 from a customer's message to the agent's
# live inbox socket beside chat's message-to-member p99, in the same run. See bench/README.md.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
: "${JAVA_HOME:?run through ./parley bench care}"
jar="$(ls "$ROOT"/bench/target/bench-*.jar | grep -v -e sources -e javadoc | head -n1)"
server="$(ls "$ROOT"/server/target/server-*.jar | head -n1)"
exec "$JAVA_HOME/bin/java" -Xms256m -Xmx1g -XX:+UseG1GC -Dslf4j.internal.verbosity=ERROR \
  -cp "$jar:$server:$ROOT/server/target/lib/*:$ROOT/bench/target/lib/*" dev.parley.bench.care.CareBench "$@"
