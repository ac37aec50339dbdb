/**
 * The service provider interface of the mini-app runtime: what the platform implements so
 * that guest code can have effects outside its sandbox.
 *
 * <p>{@link dev.parley.runtime.spi.HostInterface} receives every {@code parley.*} call of a
 * guest with its verified {@link dev.parley.runtime.CallContext} and answers with a Vert.x
 * future; the guest sees a promise.
 */
@org.jspecify.annotations.NullMarked
package dev.parley.runtime.spi;
