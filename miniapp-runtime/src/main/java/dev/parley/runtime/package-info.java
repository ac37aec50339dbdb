/**
 * The mini-app runtime: reads bundles, validates manifests and runs the server code of
 * third-party mini-apps in a hard sandbox.
 *
 * <p>Entry points:
 * <ul>
 *   <li>{@link dev.parley.runtime.BundleReader} turns a zip or a folder into a validated
 *       {@link dev.parley.runtime.Bundle} (manifest, files, digests);</li>
 *   <li>{@link dev.parley.runtime.MiniAppRuntime} loads app versions into pools of sandboxed
 *       JavaScript contexts and invokes their handlers, returning Vert.x futures;</li>
 *   <li>{@link dev.parley.runtime.Permission} is the catalogue of permissions an app may ask for.</li>
 * </ul>
 *
 * <p>Every failure, at upload or at run time, is a {@link dev.parley.runtime.MiniAppException}
 * carrying a {@link dev.parley.runtime.MiniAppException.Reason}. Outside effects of guest code
 * go through the {@link dev.parley.runtime.spi.HostInterface} that the platform implements.
 */
@org.jspecify.annotations.NullMarked
package dev.parley.runtime;
