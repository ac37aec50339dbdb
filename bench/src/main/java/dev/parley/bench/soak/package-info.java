/**
 * {@code ./parley bench soak}: the server under mixed load in waves (chat, slash commands,
 * payments, media uploads), with a population of slow readers (live WebSockets that never read)
 * and a hostile app (handlers that burn CPU, allocate without end, recurse), printing heap, RSS,
 * threads and p99 over time, and whether memory came back to its plateau after each wave. See
 * bench/README.md ("soak"). Not run in CI.
 */
@org.jspecify.annotations.NullMarked
package dev.parley.bench.soak;
