/** {@code ./parley bench business}: Business API sends per second against chat sends per second. */
@org.jspecify.annotations.NullMarked
package dev.parley.bench.business;
