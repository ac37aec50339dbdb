package dev.parley.server;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * Serves the messenger (chat-ui) from the classpath, with an app-shell fallback so deep links such
 * as {@code /c/<id>} and {@code /setup} load the page, and strict security headers.
 */
final class WebClients {

  static final String CHAT_ROOT = "webroot/chat-ui";

  private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
      + "img-src 'self' data: blob:; connect-src 'self' ws: wss:; font-src 'self' data:; object-src 'none'; "
      + "base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

  private WebClients() {
  }

  static void mount(Vertx vertx, Router router) {
    boolean built = WebClients.class.getClassLoader().getResource(CHAT_ROOT + "/index.html") != null;
    router.route().handler(WebClients::securityHeaders);
    if (!built) {
      router.get("/*").handler(ctx -> ctx.response().setStatusCode(503).putHeader("Content-Type", "text/plain; charset=utf-8")
          .end("The chat UI was not built into this server (built with -DskipUi?). The API is at /api.\n"));
      return;
    }
    router.get("/assets/*").handler(StaticHandler.create(CHAT_ROOT).setMaxAgeSeconds(365L * 24 * 3600)
        .setCachingEnabled(true));
    router.get("/*").handler(StaticHandler.create(CHAT_ROOT).setIndexPage("index.html").setCachingEnabled(false));
    router.get("/*").handler(WebClients::appShell);
  }

  private static void securityHeaders(RoutingContext ctx) {
    ctx.response()
        .putHeader("Content-Security-Policy", CSP)
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Referrer-Policy", "same-origin")
        .putHeader("X-Frame-Options", "DENY");
    ctx.next();
  }

  private static void appShell(RoutingContext ctx) {
    String path = ctx.normalizedPath();
    if (path.startsWith("/api/") || path.startsWith("/health") || path.equals("/metrics") || path.contains(".")) {
      ctx.next();
      return;
    }
    ctx.response().putHeader("Content-Type", "text/html; charset=utf-8").putHeader("Cache-Control", "no-cache")
        .sendFile(CHAT_ROOT + "/index.html");
  }
}
