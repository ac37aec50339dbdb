/** {@code ./parley bench webhooks}: signed webhook deliveries per second against plain POSTs. */
@org.jspecify.annotations.NullMarked
package dev.parley.bench.webhooks;
