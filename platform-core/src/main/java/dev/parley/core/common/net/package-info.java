/**
 * Outbound HTTP that user or app input can point anywhere: {@link dev.parley.core.common.net.PublicFetch}
 * reaches public addresses only, with caps on size and time, and checks every redirect it follows.
 */
@org.jspecify.annotations.NullMarked
package dev.parley.core.common.net;
