/**
 * The platform assembled: {@link dev.parley.core.boot.Platform} wires every part from its
 * {@link dev.parley.core.boot.PlatformOptions}. Nothing in the core imports this package; the server does.
 */
@org.jspecify.annotations.NullMarked
package dev.parley.core.boot;
