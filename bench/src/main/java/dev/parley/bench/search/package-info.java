/**
 * {@code ./parley bench search}: message search on the embedded default (H2 + Lucene) over a
 * million messages: index throughput and query latency. See bench/README.md ("search").
 */
@org.jspecify.annotations.NullMarked
package dev.parley.bench.search;
