/** {@code ./parley bench uploads}: tus upload throughput against a copy on disk. */
@org.jspecify.annotations.NullMarked
package dev.parley.bench.uploads;
