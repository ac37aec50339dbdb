#!/usr/bin/env bash
# ./parley bench uploads [--megabytes 64] [--chunk-megabytes 8] [--rounds 3]
# tus upload throughput (MB/s) into an in-process platform on H2 (loopback HTTP, chunks streamed
# from disk, until the attachment is checked and stored), against copying the same bytes on the
# same disk in the same run. bench/run has built the server and this module. See bench/README.md.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
: "${JAVA_HOME:?run through ./parley bench uploads}"
jar="$(ls "$ROOT"/bench/target/bench-*.jar | grep -v -e sources -e javadoc | head -n1)"
server="$(ls "$ROOT"/server/target/server-*.jar | head -n1)"
exec "$JAVA_HOME/bin/java" -Xms512m -Xmx1g -XX:+UseG1GC -Dslf4j.internal.verbosity=ERROR \
  -cp "$jar:$server:$ROOT/server/target/lib/*:$ROOT/bench/target/lib/*" dev.parley.bench.uploads.UploadBench "$@"
