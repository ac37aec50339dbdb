package dev.parley.bench.runtime;

import org.openjdk.jmh.annotations.Fork;

/**
 * The fork of every runtime benchmark: the optimizing Truffle runtime on a stock JDK, launched
 * like the server (JVMCI on, the Graal compiler on the upgrade module path, polyglot, Truffle
 * and GraalJS on the module path; bench/pom.xml copies them to bench/target/graal). The paths
 * are relative to the repository root, where bench/runtime.sh runs JMH.
 */
@Fork(value = 1, jvmArgs = {
    "-XX:+UnlockExperimentalVMOptions", "-XX:+EnableJVMCI",
    "--upgrade-module-path=bench/target/graal/compiler",
    "--module-path=bench/target/graal/modules", "--add-modules=org.graalvm.polyglot",
    "--enable-native-access=org.graalvm.truffle,ALL-UNNAMED",
    "--sun-misc-unsafe-memory-access=allow",
    "-Xms1g", "-Xmx1g", "-XX:+UseG1GC", "-XX:+AlwaysPreTouch", "-Dslf4j.internal.verbosity=ERROR"})
public abstract class JitBenchmark {
}
