/**
 * What every part of the core shares: {@link dev.parley.core.common.PlatformException}, the
 * {@link dev.parley.core.common.IdGenerator} and the event-bus {@link dev.parley.core.common.Addresses}; the
 * HTTP helpers in {@code common.web} and the database in {@code common.storage}.
 */
@org.jspecify.annotations.NullMarked
package dev.parley.core.common;
