package dev.parley.server;

import dev.parley.core.accounts.Principal;
import dev.parley.core.boot.Platform;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.Optional;
import java.util.function.Function;

/**
 * Serves the web clients from the classpath with strict security headers: the admin console
 * (admin-ui) at {@code /admin} to admins only (see {@link AdminConsole}), and the messenger
 * (chat-ui) at {@code /}, with an app-shell fallback so deep links such as {@code /c/<id>} and
 * {@code /setup} load the page.
 */
final class WebClients {

  static final String CHAT_ROOT = "webroot/chat-ui";

  /**
   * The messenger's policy. Mini-app pages are framed from their own origins
   * ({@code <appId>.apps.<this host>}, {@code %s}); card images may come from any https host
   * (cards are data, so an image is all they can load).
   */
  private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
      + "img-src 'self' data: blob: https:; connect-src 'self' ws: wss:; font-src 'self' data:; object-src 'none'; "
      + "frame-src %s; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

  private WebClients() {
  }

  /** Mounts both clients; {@code platform} tells who is calling, for the admin console. */
  static void mount(Vertx vertx, Router router, Platform platform) {
    // The platform's own session and token check.
    mount(vertx, router, platform.authn()::resolve);
  }

  static void mount(Vertx vertx, Router router, Function<HttpServerRequest, Future<Optional<Principal>>> caller) {
    boolean built = WebClients.class.getClassLoader().getResource(CHAT_ROOT + "/index.html") != null;
    router.route().handler(WebClients::securityHeaders);
    new AdminConsole(caller).mount(router);
    if (!built) {
      router.get("/*")
          .handler(ctx -> ctx.response().setStatusCode(503).putHeader("Content-Type", "text/plain; charset=utf-8")
              .end("The chat UI was not built into this server (built with -DskipUi?). The API is at /api.\n"));
      return;
    }
    // A directory under /assets has no index: the static handler would answer it with the app shell.
    router.get("/assets/*").handler(ctx -> {
      if (ctx.normalizedPath().endsWith("/")) {
        ctx.fail(404);
      } else {
        ctx.next();
      }
    });
    // The static handler serves the path after the route's "/assets" prefix: its root is the assets folder.
    router.get("/assets/*").handler(StaticHandler.create(CHAT_ROOT + "/assets").setMaxAgeSeconds(365L * 24 * 3600)
        .setCachingEnabled(true));
    // An asset that is not there is a 404, never the app shell (which would be cached for a year as that asset).
    router.get("/assets/*").handler(ctx -> ctx.fail(404));
    router.get("/*").handler(StaticHandler.create(CHAT_ROOT).setIndexPage("index.html").setCachingEnabled(false));
    router.get("/*").handler(WebClients::appShell);
  }

  private static void securityHeaders(RoutingContext ctx) {
    ctx.response()
        .putHeader("Content-Security-Policy", CSP.formatted(appOrigins(ctx)))
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Referrer-Policy", "same-origin")
        .putHeader("X-Frame-Options", "DENY");
    ctx.next();
  }

  /** {@code <scheme>://*.apps.<host[:port]>} of this request: where the pages of mini-apps live. */
  static String appOrigins(RoutingContext ctx) {
    var authority = ctx.request().authority();
    String host = authority == null
        ? "localhost"
        : dev.parley.core.apps.pages.AppPages.appsHost(authority.host())
            + (authority.port() > 0 ? ":" + authority.port() : "");
    if (!host.matches("[A-Za-z0-9.:\\[\\]-]+")) {
      return "'none'";
    }
    return ctx.request().scheme() + "://*.apps." + host;
  }

  private static void appShell(RoutingContext ctx) {
    String path = ctx.normalizedPath();
    if (path.startsWith("/api/") || path.startsWith("/health") || path.equals("/metrics") || path.contains(".")
        || path.equals(AdminConsole.BASE) || path.startsWith(AdminConsole.BASE + "/")) {
      ctx.next();
      return;
    }
    ctx.response().putHeader("Content-Type", "text/html; charset=utf-8").putHeader("Cache-Control", "no-cache")
        .sendFile(CHAT_ROOT + "/index.html");
  }
}
