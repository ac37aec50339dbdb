package dev.parley.core;

import dev.parley.core.common.web.WebRoutes;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.util.ArrayList;
import java.util.List;

/**
 * Every route of a {@link Router}, sub-routers included, with its full path: {@code "GET /api/session"},
 * or {@code "ANY /api/admin/*"} for a route that takes every method (middleware, catch-alls). A
 * route without a path is {@code "ANY <mount point>/*"}.
 */
public final class Routes {

  private Routes() {
  }

  public static List<String> of(Router router) {
    List<String> out = new ArrayList<>();
    walk(router, "", out);
    return out;
  }

  private static void walk(Router router, String prefix, List<String> out) {
    for (Route route : router.getRoutes()) {
      String path = route.getPath();
      if (route.isRegexPath() && path == null) { // a true regular expression, not a :param path
        out.add("REGEX " + prefix + " " + route);
        continue;
      }
      String full = path == null ? prefix : prefix + trimSlash(path);
      Router sub = route.getSubRouter() != null ? route.getSubRouter() : route.getMetadata(WebRoutes.SUB_ROUTER);
      if (sub != null) {
        walk(sub, full, out);
        continue;
      }
      boolean exact = path != null && route.isExactPath();
      String shown = exact ? full : full + "/*";
      if (route.methods() == null || route.methods().isEmpty()) {
        out.add("ANY " + shown);
      } else {
        for (HttpMethod method : route.methods()) {
          out.add(method.name() + " " + shown);
        }
      }
    }
  }

  private static String trimSlash(String path) {
    return path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
  }
}
