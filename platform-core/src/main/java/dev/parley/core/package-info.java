/**
 * The platform assembled ({@link dev.parley.core.Platform}, {@link
 * dev.parley.core.PlatformOptions}) and what every part shares ({@link
 * dev.parley.core.PlatformException}, {@link dev.parley.core.IdGenerator}).
 */
@org.jspecify.annotations.NullMarked
package dev.parley.core;
