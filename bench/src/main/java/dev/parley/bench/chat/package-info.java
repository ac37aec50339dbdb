/**
 * The chat load driver behind {@code ./parley bench chat}: it launches the server as a separate
 * process (as {@code ./parley start} does) and measures start-up time, WebSocket fan-out latency
 * and the heap cost of idle live connections, then prints the figures against their targets.
 */
@org.jspecify.annotations.NullMarked
package dev.parley.bench.chat;
