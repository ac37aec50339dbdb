/**
 * Mini-app pages: {@link dev.parley.core.apps.pages.AppPages} serves each app's live page on its own
 * origin {@code <appId>.apps.<host>} under a strict Content-Security-Policy, with the page SDK
 * ({@code parley-sdk.js} and its types {@code parley-sdk.d.ts}, resources of this package, served
 * on every app origin so that {@code script-src 'self'} admits them); {@link
 * dev.parley.core.apps.pages.LaunchSigner} signs the launch parameters handed to a page with the app's
 * secret (HMAC-SHA256) and the platform's Ed25519 key, whose public half is
 * {@code GET /api/platform-key}. How to verify them: {@code docs/launch-params.md}.
 *
 * <p>The SDK lives here rather than in chat-ui: the platform serves it on app origins, and
 * platform-core does not depend on the UI modules; it is a plain ES module with no build step,
 * tested by {@code src/test/js} with Node's test runner (the runner chat-ui uses).
 */
@org.jspecify.annotations.NullMarked
package dev.parley.core.apps.pages;
