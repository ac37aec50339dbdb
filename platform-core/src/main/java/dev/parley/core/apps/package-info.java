/**
 * Mini-apps in the platform: their registry and review, the broker that runs them and performs
 * their host calls, their pages and media, and users' consents.
 */
@org.jspecify.annotations.NullMarked
package dev.parley.core.apps;
