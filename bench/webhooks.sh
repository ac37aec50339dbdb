#!/usr/bin/env bash
# ./parley bench webhooks [--events 5000] [--concurrency 32] [--rounds 3]
# Business webhook deliveries per second with Standard Webhooks signatures (outbox, worker, HMAC,
# POST to a receiver on loopback, marked delivered) on an in-process platform on H2, against plain
# unsigned POSTs of the same body to the same receiver in the same run. See bench/README.md.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
: "${JAVA_HOME:?run through ./parley bench webhooks}"
jar="$(ls "$ROOT"/bench/target/bench-*.jar | grep -v -e sources -e javadoc | head -n1)"
server="$(ls "$ROOT"/server/target/server-*.jar | head -n1)"
exec "$JAVA_HOME/bin/java" -Xms256m -Xmx1g -XX:+UseG1GC -Dslf4j.internal.verbosity=ERROR \
  -cp "$jar:$server:$ROOT/server/target/lib/*:$ROOT/bench/target/lib/*" dev.parley.bench.webhooks.WebhookBench "$@"
