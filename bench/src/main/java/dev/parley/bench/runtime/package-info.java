/**
 * JMH benchmarks of the mini-app runtime ({@code ./parley bench runtime}, see bench/README.md):
 * warm calls, fresh contexts, the first call of a new version, the watchdog's reaction, and the
 * heap per idle pooled version, each against its target.
 */
@org.jspecify.annotations.NullMarked
package dev.parley.bench.runtime;
