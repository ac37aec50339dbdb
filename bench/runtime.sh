#!/usr/bin/env bash
# The mini-app runtime benchmark: ./parley bench runtime [JMH args, e.g. -wi 1 -i 1 for a quick run]
# Runs the JMH benchmarks of dev.parley.bench.runtime (dev.parley.bench.runtime.RuntimeBench), then
# the heap figure, and prints every figure against its target. Each benchmark forks a JVM on the
# optimizing Truffle runtime (JIT) with the flags of JitBenchmark's @Fork: JVMCI on, the Graal
# compiler on the upgrade module path, polyglot/Truffle/GraalJS on the module path (bench/target/graal,
# relative to the repository root, hence the cd). This JVM, which measures the heap, runs the same way.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
: "${JAVA_HOME:?run through ./parley bench runtime}"
T="bench/target"
jar="$(ls "$T"/bench-*.jar | grep -v -- '-sources' | head -n1)"
exec "$JAVA_HOME/bin/java" -Xms2g -Xmx2g -XX:+UseG1GC -Dslf4j.internal.verbosity=ERROR \
  -XX:+UnlockExperimentalVMOptions -XX:+EnableJVMCI \
  --upgrade-module-path="$T/graal/compiler" \
  --module-path="$T/graal/modules" --add-modules=org.graalvm.polyglot \
  --enable-native-access=org.graalvm.truffle,ALL-UNNAMED --sun-misc-unsafe-memory-access=allow \
  -cp "$jar:$T/lib/*" dev.parley.bench.runtime.RuntimeBench "$@"
