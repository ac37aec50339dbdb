package dev.parley.core.common.web;

import io.vertx.ext.web.Router;

/**
 * The routes one feature contributes to the HTTP API. The platform gives each feature a router of
 * its own for each stage and mounts it as a sub-router, feature after feature, in three stages:
 * <ol>
 *   <li>{@link #mountRoot}: at the root, before the API's body handler: routes that read their own
 *       body (uploads), upgrade to a WebSocket, or serve files and keys to anyone;</li>
 *   <li>{@link #mountPublic}: under {@code /api}, after the body handler and before authentication
 *       (sign-up, sign-in);</li>
 *   <li>{@link #mount}: under {@code /api}, behind the accounts' authentication ({@code Authn.required}).</li>
 * </ol>
 * Paths of the last two stages are relative to {@code /api}. Failures go to the one failure handler
 * at the edge, {@link Problems#handle}.
 */
public interface RouteSet {

  /** Adds the routes that need an authenticated caller; paths relative to {@code /api}. None by default. */
  default void mount(Router api) {
  }

  /** Adds the routes anyone may call, before authentication; paths relative to {@code /api}. None by default. */
  default void mountPublic(Router api) {
  }

  /** Adds routes at the root, before any body handler; full paths. None by default. */
  default void mountRoot(Router root) {
  }
}
