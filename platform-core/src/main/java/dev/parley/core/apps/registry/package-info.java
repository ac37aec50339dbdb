/**
 * The app registry: apps, their versioned bundles and review (draft, in review, approved or
 * rejected, live), usage, and the developer and admin API.
 */
@org.jspecify.annotations.NullMarked
package dev.parley.core.apps.registry;
