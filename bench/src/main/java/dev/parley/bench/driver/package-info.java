/**
 * What the load drivers of {@code ./parley bench chat}, {@code broker}, {@code listen} and the others share: a
 * server launched as its own process ({@link dev.parley.bench.driver.ServerProcess}), the HTTP
 * calls that set it up ({@link dev.parley.bench.driver.Api}), where the machine's CPU went
 * ({@link dev.parley.bench.driver.CpuMeter}) and the table of figures against their targets
 * ({@link dev.parley.bench.driver.Summary}).
 */
@org.jspecify.annotations.NullMarked
package dev.parley.bench.driver;
