#!/usr/bin/env bash
# ./parley bench thumbnails [--rounds N] [--warmup N]
# Image attachment previews (platform-core attachments.content): per image, the time of
# PreviewMaker.make (decode subsampled, orient, scale to 320 px, JPEG, BlurHash) p50/p99 for
# photos of 1, 3 and 12 MP in JPEG and PNG, beside ImageIO.read of the same file in the same run.
# bench/run has built the server and this module. See bench/README.md ("thumbnails").
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
: "${JAVA_HOME:?run through ./parley bench thumbnails}"
jar="$(ls "$ROOT"/bench/target/bench-*.jar | grep -v -e sources -e javadoc | head -n1)"
server="$(ls "$ROOT"/server/target/server-*.jar | head -n1)"
exec "$JAVA_HOME/bin/java" -Xms1g -Xmx1g -XX:+UseG1GC -Djava.awt.headless=true -Dslf4j.internal.verbosity=ERROR \
  -cp "$jar:$server:$ROOT/server/target/lib/*" dev.parley.bench.thumbnails.ThumbnailBench "$@"
