/**
 * The one runnable: {@code main}, configuration, the server that mounts the platform and the web
 * clients, and the sample apps it publishes.
 */
@org.jspecify.annotations.NullMarked
package dev.parley.server;
