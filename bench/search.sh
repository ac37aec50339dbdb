#!/usr/bin/env bash
# ./parley bench search [--messages N ...]
# Message search on the embedded default (H2 + Lucene): fills a fresh H2 database in a temporary
# directory with 1,000,000 messages (JDBC batches), rebuilds the Lucene index from it and indexes
# live messages (index throughput), then runs a few thousand queries of a member of 20 conversations
# (p50/p95/p99/max). In-process, on platform-core as the server runs it. bench/run has built the server
# and this module. See bench/README.md ("search").
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
: "${JAVA_HOME:?run through ./parley bench search}"
jar="$(ls "$ROOT"/bench/target/bench-*.jar | grep -v -e sources -e javadoc | head -n1)"
server="$(ls "$ROOT"/server/target/server-*.jar | head -n1)"
exec "$JAVA_HOME/bin/java" -Xms2g -Xmx2g -XX:+UseG1GC -Dslf4j.internal.verbosity=ERROR \
  --add-modules jdk.incubator.vector \
  -cp "$jar:$server:$ROOT/server/target/lib/*" dev.parley.bench.search.SearchBench "$@"
