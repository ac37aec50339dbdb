#!/usr/bin/env bash
# The mini-app runtime benchmark: ./parley bench runtime
# Runs dev.parley.bench.runtime.RuntimeBench on the optimizing Truffle runtime (JIT), launched
# the way ./parley start launches the server: JVMCI on, the Graal compiler on the upgrade module
# path, polyglot/Truffle/GraalJS on the module path, everything else on the class path.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
: "${JAVA_HOME:?run through ./parley bench runtime}"
T="$ROOT/bench/target"
jar="$(ls "$T"/bench-*.jar | grep -v -- '-sources' | head -n1)"
exec "$JAVA_HOME/bin/java" -Xmx2g -XX:+UseG1GC \
  -XX:+UnlockExperimentalVMOptions -XX:+EnableJVMCI \
  --upgrade-module-path="$T/graal/compiler" \
  --module-path="$T/graal/modules" --add-modules=org.graalvm.polyglot \
  --enable-native-access=org.graalvm.truffle,ALL-UNNAMED --sun-misc-unsafe-memory-access=allow \
  -cp "$jar:$T/lib/*" dev.parley.bench.runtime.RuntimeBench "$@"
