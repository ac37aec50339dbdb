/**
 * The broker between conversations and mini-apps: it resolves an app's live version, checks
 * installation, suspension, consent, permissions and rates, runs the app's code in the runtime and
 * performs its host calls.
 */
@org.jspecify.annotations.NullMarked
package dev.parley.core.apps.broker;
