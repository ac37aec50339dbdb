/**
 * Rate limits behind one seam: Bucket4j buckets kept on this node ({@link dev.parley.core.ratelimit.LocalRateLimits},
 * the single-node default) or in PostgreSQL with Bucket4j's compare-and-swap
 * ({@link dev.parley.core.ratelimit.PostgresRateLimits}), so a cluster hands out one budget, not one per node.
 */
@org.jspecify.annotations.NullMarked
package dev.parley.core.ratelimit;
