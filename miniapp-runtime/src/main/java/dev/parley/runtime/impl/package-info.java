/**
 * The runtime's implementation behind {@link dev.parley.runtime.MiniAppRuntime}: the GraalJS
 * sandbox, its pools, guards and limits, and the manifest and bundle readers; none of it is API.
 */
@org.jspecify.annotations.NullMarked
package dev.parley.runtime.impl;
