/**
 * {@code ./parley bench cluster}: fan-out, cross-node delivery latency and brokered calls with one
 * plain node and clusters of 1, 2 and 3 nodes on PostgreSQL, side by side, and the CPU per message that
 * the estimate for N machines is made from. See bench/README.md ("cluster").
 */
@org.jspecify.annotations.NullMarked
package dev.parley.bench.cluster;
