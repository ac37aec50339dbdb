#!/usr/bin/env bash
# ./parley bench business [--messages 2000] [--concurrency 16] [--rounds 3]
# The Business API's send (bearer key, consent and pacing policy, pacing caps set high) against the
# chat send by a person with a session, same concurrency and message count, in the same run, on an
# in-process platform on H2: messages/s, p50/p99 and the ratio. See bench/README.md.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
: "${JAVA_HOME:?run through ./parley bench business}"
jar="$(ls "$ROOT"/bench/target/bench-*.jar | grep -v -e sources -e javadoc | head -n1)"
server="$(ls "$ROOT"/server/target/server-*.jar | head -n1)"
exec "$JAVA_HOME/bin/java" -Xms256m -Xmx1g -XX:+UseG1GC -Dslf4j.internal.verbosity=ERROR \
  -cp "$jar:$server:$ROOT/server/target/lib/*:$ROOT/bench/target/lib/*" dev.parley.bench.business.BusinessBench "$@"
