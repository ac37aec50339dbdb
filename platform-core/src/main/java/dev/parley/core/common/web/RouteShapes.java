package dev.parley.core.common.web;

import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The path shapes of one router's routes, to tell without a regular expression whether a request
 * may match one of them: segment by segment, a literal segment must be equal, a segment with a
 * {@code :param} takes any non-empty one, and a wildcard route ({@code /admin/*}, {@code /files*})
 * takes any rest that starts with its last piece. It answers yes for every path Vert.x Web's
 * matching takes (one trailing slash ignored), and perhaps for a few more; the router then decides.
 * Vert.x tries each route's pattern in turn, which for a path like {@code /conversations/:id/commands}
 * behind thirty other {@code /conversations/:id/…} routes was 7–10% of a brokered call's CPU.
 */
final class RouteShapes {

  /** One route: its whole segments, and for a wildcard route the prefix of what follows them. */
  private record Shape(String[] segments, @Nullable String restPrefix) {

    /**
     * Walks the path's segments in place, from {@code from} (the mount point's length): this runs
     * for every route set on every request.
     */
    boolean accepts(String path, int from) {
      int at = path.startsWith("/", from) ? from + 1 : from;
      int end = path.length() > at && path.endsWith("/") ? path.length() - 1 : path.length(); // one trailing slash
      if (at >= end) {
        at = end + 1; // no segment at all
      }
      for (String segment : segments) {
        if (at > end) {
          return false; // the path has fewer segments
        }
        int slash = path.indexOf('/', at);
        int to = slash < 0 || slash > end ? end : slash;
        boolean fits = segment.indexOf(':') >= 0
            ? to > at
            : to - at == segment.length() && path.regionMatches(at, segment, 0, segment.length());
        if (!fits) {
          return false;
        }
        at = to + 1;
      }
      if (restPrefix == null) {
        return at > end; // and no more
      }
      return restPrefix.isEmpty() || restPrefix.indexOf(':') >= 0
          || at <= path.length() && path.startsWith(restPrefix, at);
    }
  }

  private final List<Shape> shapes;

  private RouteShapes(List<Shape> shapes) {
    this.shapes = shapes;
  }

  /** The shapes of the router's routes, or null when one has no path or a regular expression of its own. */
  static @Nullable RouteShapes of(Router router) {
    List<Shape> shapes = new ArrayList<>();
    for (Route route : router.getRoutes()) {
      String path = route.getPath(); // a wildcard route's path without its '*'
      if (path == null || !path.startsWith("/")) {
        return null;
      }
      if (route.isExactPath()) {
        shapes.add(new Shape(segments(path), null));
      } else {
        int lastSlash = path.lastIndexOf('/');
        String whole = path.substring(0, lastSlash);
        shapes.add(new Shape(whole.isEmpty() ? new String[0] : segments(whole), path.substring(lastSlash + 1)));
      }
    }
    return new RouteShapes(List.copyOf(shapes));
  }

  /**
   * Whether a route may take this normalized path, whose first {@code from} characters are the
   * router's mount point (no copy of the rest is made).
   */
  boolean mayMatch(String path, int from) {
    for (Shape shape : shapes) {
      if (shape.accepts(path, from)) {
        return true;
      }
    }
    return false;
  }

  /** {@code /a/b/} → [a, b]; {@code /} and the empty path → []. */
  static String[] segments(String path) {
    int from = path.startsWith("/") ? 1 : 0;
    int to = path.endsWith("/") && path.length() > from ? path.length() - 1 : path.length();
    if (to <= from) {
      return new String[0];
    }
    return path.substring(from, to).split("/", -1);
  }
}
