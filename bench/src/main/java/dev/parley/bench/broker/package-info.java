/**
 * The broker load driver behind {@code ./parley bench broker}: it launches the server as a separate
 * process (as {@code ./parley start} does), sets up an approved app installed in a group whose
 * members consented, and measures brokered slash-command calls against a plain endpoint of the
 * same server: closed-loop throughput, open-loop latency and the broker's cache hit ratio.
 */
@org.jspecify.annotations.NullMarked
package dev.parley.bench.broker;
