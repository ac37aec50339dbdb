package dev.parley.server;

import dev.parley.core.accounts.Principal;
import dev.parley.core.accounts.Role;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Serves the admin console (admin-ui) at {@code /admin}, to signed-in admins only.
 *
 * <p>The console's page and code go to a caller whose session (or bearer token) belongs to an
 * account with the admin role; everyone else gets the small public sign-in page of admin-ui
 * ({@code signin.html}, {@code signin.js}) with 401 (nobody signed in) or 403 (signed in, not an
 * admin). Deep links load the app shell; hashed assets are cached for a year, privately, as they
 * are only for admins.
 */
final class AdminConsole {

  static final String ROOT = "webroot/admin-ui";
  static final String BASE = "/admin";

  private static final String ASSET_CACHE = "private, max-age=31536000, immutable";
  private static final String PAGE_CACHE = "no-cache, private";
  /** Vite's hashed output: {@code assets/<name>-<hash>.<ext>}; nothing else is looked up. */
  private static final Pattern ASSET = Pattern.compile("assets/[A-Za-z0-9][A-Za-z0-9._-]{0,200}");
  private static final Map<String, String> TYPES = Map.of(
      "js", "text/javascript; charset=utf-8",
      "css", "text/css; charset=utf-8",
      "svg", "image/svg+xml",
      "png", "image/png",
      "woff2", "font/woff2",
      "json", "application/json",
      "html", "text/html; charset=utf-8");

  private final Function<HttpServerRequest, Future<Optional<Principal>>> resolver;
  private final ClassLoader loader = AdminConsole.class.getClassLoader();
  private final Map<String, Boolean> exists = new ConcurrentHashMap<>();

  /**
   * @param resolver who is calling: the platform's {@code Authn.resolve}, which reads the session
   *     cookie (or a bearer token)
   */
  AdminConsole(Function<HttpServerRequest, Future<Optional<Principal>>> resolver) {
    this.resolver = Objects.requireNonNull(resolver, "resolver");
  }

  /** True when admin-ui was built into the class path (not with {@code -DskipUi}). */
  static boolean built() {
    return AdminConsole.class.getClassLoader().getResource(ROOT + "/index.html") != null;
  }

  /** Adds the {@code /admin} routes; mount before any catch-all route. */
  void mount(Router router) {
    if (!built()) {
      getOrHead(router.route(BASE)).handler(AdminConsole::notBuilt);
      getOrHead(router.route(BASE + "/*")).handler(AdminConsole::notBuilt);
      return;
    }
    getOrHead(router.route(BASE + "/signin.js")).handler(ctx -> sendPublic(ctx, "signin.js"));
    getOrHead(router.route(BASE + "/favicon.svg")).handler(ctx -> sendPublic(ctx, "favicon.svg"));
    getOrHead(router.routeWithRegex("^/admin/signin(\\.html|/)?$")).handler(this::signInPage);
    getOrHead(router.route(BASE)).handler(this::console);
    getOrHead(router.route(BASE + "/*")).handler(this::console);
  }

  private static Route getOrHead(Route route) {
    return route.method(HttpMethod.GET).method(HttpMethod.HEAD);
  }

  private static void notBuilt(RoutingContext ctx) {
    ctx.response().setStatusCode(503).putHeader("Content-Type", "text/plain; charset=utf-8")
        .putHeader("Cache-Control", "no-store")
        .end("The admin console was not built into this server (built with -DskipUi?). The API is at /api.\n");
  }

  /** The sign-in page at its own address: an admin who is signed in already goes to the console. */
  private void signInPage(RoutingContext ctx) {
    resolver.apply(ctx.request()).onComplete(result -> {
      if (result.succeeded() && result.result().filter(AdminConsole::isAdmin).isPresent()) {
        ctx.redirect(BASE + "/");
        return;
      }
      sendPage(ctx, 200, "signin.html");
    });
  }

  private void console(RoutingContext ctx) {
    String path = ctx.normalizedPath();
    resolver.apply(ctx.request()).onComplete(result -> {
      if (result.failed()) {
        ctx.response().setStatusCode(503).putHeader("Content-Type", "text/plain; charset=utf-8")
            .putHeader("Cache-Control", "no-store")
            .end("Cannot check your session right now. Try again in a moment.\n");
        return;
      }
      Optional<Principal> caller = result.result();
      String rest = path.length() > BASE.length() ? path.substring(BASE.length() + 1) : "";
      boolean asset = rest.startsWith("assets/");
      if (caller.isEmpty() || !isAdmin(caller.get())) {
        int status = caller.isEmpty() ? 401 : 403;
        ctx.response().putHeader("Vary", "Cookie, Authorization");
        if (asset) {
          ctx.response().setStatusCode(status).putHeader("Content-Type", "text/plain; charset=utf-8")
              .putHeader("Cache-Control", "no-store")
              .end(status == 401 ? "Sign in as an admin at /admin first.\n" : "The admin console is for admins.\n");
        } else {
          sendPage(ctx, status, "signin.html");
        }
        return;
      }
      if (asset) {
        sendAsset(ctx, rest);
      } else {
        ctx.response().putHeader("Vary", "Cookie, Authorization");
        sendPage(ctx, 200, "index.html");
      }
    });
  }

  private static boolean isAdmin(Principal p) {
    return p.account().has(Role.ADMIN);
  }

  private void sendAsset(RoutingContext ctx, String rest) {
    if (!ASSET.matcher(rest).matches() || rest.contains("..") || !present(rest)) {
      ctx.response().setStatusCode(404).putHeader("Content-Type", "text/plain; charset=utf-8")
          .putHeader("Cache-Control", "no-store").end("Not found\n");
      return;
    }
    ctx.response().putHeader("Content-Type", type(rest)).putHeader("Cache-Control", ASSET_CACHE);
    send(ctx, rest);
  }

  private void sendPublic(RoutingContext ctx, String file) {
    ctx.response().putHeader("Content-Type", type(file)).putHeader("Cache-Control", "no-cache");
    send(ctx, file);
  }

  private void sendPage(RoutingContext ctx, int status, String file) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "text/html; charset=utf-8")
        .putHeader("Cache-Control", status == 200 ? PAGE_CACHE : "no-store");
    send(ctx, file);
  }

  private static void send(RoutingContext ctx, String file) {
    if (ctx.request().method() == HttpMethod.HEAD) {
      ctx.response().end();
      return;
    }
    ctx.response().sendFile(ROOT + "/" + file).onFailure(e -> {
      if (!ctx.response().headWritten()) {
        ctx.fail(500, e);
      }
    });
  }

  private boolean present(String file) {
    if (exists.containsKey(file)) {
      return true;
    }
    boolean found = loader.getResource(ROOT + "/" + file) != null;
    if (found) {
      exists.put(file, Boolean.TRUE); // only files that exist: a miss must not grow the map
    }
    return found;
  }

  private static String type(String file) {
    int dot = file.lastIndexOf('.');
    return TYPES.getOrDefault(dot < 0 ? "" : file.substring(dot + 1), "application/octet-stream");
  }
}
