package dev.parley.core.common.web;

import dev.parley.core.common.PlatformException;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * Assembles the platform's router from the features' {@link RouteSet}s, always in this order:
 * <ol>
 *   <li>the check of the URI's percent-escapes ({@link RequestHeads}; the server checks {@code Host} before the router, {@link RequestHeads#guard});</li>
 *   <li>every set's root routes ({@link RouteSet#mountRoot}), before any body handler;</li>
 *   <li>{@code /api/*}: the body gate (a body that is not JSON is 415 unread, see
 *       {@link RequestBodies}), then a sub-router with every set's public routes (each path
 *       reads its body first), the authentication handler (the accounts' {@code Authn.required}: the
 *       web layer knows no account), the body handler with the API's limit, every set's
 *       authenticated routes, and a 404 problem for any other path under {@code /api}. So no body is
 *       read for a caller that is not authenticated, except on the public routes;</li>
 *   <li>the one failure handler, {@link Problems#handle}, which answers every failure of every
 *       route as {@code application/problem+json}, and the same for a path or method no route takes
 *       (404, 405).</li>
 * </ol>
 * Each set gets a router of its own per stage, mounted as a sub-router (when it adds a route) that a
 * request enters only when its path has the shape of one of the set's routes ({@link RouteShapes}).
 */
public final class WebRoutes {

  /** The metadata key under which a route mounted behind a shape check keeps its set's router. */
  public static final String SUB_ROUTER = "parley.subRouter";

  private WebRoutes() {
  }

  /** The router of {@code sets}, in their order within each stage. */
  public static Router router(Vertx vertx, List<RouteSet> sets, Handler<RoutingContext> authenticate,
      long maxBodyBytes) {
    Objects.requireNonNull(authenticate, "authenticate");
    Handler<RoutingContext> body = RequestBodies.reader(maxBodyBytes);
    Router root = Router.router(vertx);
    root.route().handler(RequestHeads::check);
    mountEach(vertx, root, sets, RouteSet::mountRoot, null);
    root.route("/api/*").handler(RequestBodies::gate);

    Router api = Router.router(vertx);
    mountEach(vertx, api, sets, RouteSet::mountPublic, body);
    api.route().handler(authenticate);
    api.route().handler(body).handler(RequestBodies::parse);
    mountEach(vertx, api, sets, RouteSet::mount, null);
    api.route().handler(WebRoutes::noRoute);
    root.route("/api/*").subRouter(api);

    root.route().failureHandler(Problems::handle);
    // What the router answers itself: no route (404), no route for the method (405), a path it
    // cannot decode while matching (400), a failure of a failure handler (500): problems too.
    root.errorHandler(400, ctx -> Problems.answer(ctx, 400, "the request is malformed"));
    root.errorHandler(404, ctx -> Problems.answer(ctx, 404, "there is nothing here"));
    root.errorHandler(500, Problems::handle);
    root.errorHandler(405, WebRoutes::methodNotAllowed);
    return root;
  }

  /**
   * Mounts each set's routes of one stage; with {@code body}, each of their paths reads its body
   * (by the one rule) before the set's handlers run.
   */
  private static void mountEach(Vertx vertx, Router parent, List<RouteSet> sets, BiConsumer<RouteSet, Router> stage,
      Handler<RoutingContext> body) {
    for (RouteSet set : sets) {
      Router own = Router.router(vertx);
      stage.accept(set, own);
      if (own.getRoutes().isEmpty()) {
        continue;
      }
      if (body != null) {
        for (Route route : own.getRoutes()) {
          Route reads = route.getPath() == null ? parent.route() : parent.route(route.getPath());
          reads.handler(body).handler(RequestBodies::parse);
        }
      }
      mount(parent, own);
    }
  }

  /**
   * Mounts a set's router path-less, behind a check of the path against its routes' shapes
   * ({@link RouteShapes}): a request enters only the sets that may take it, instead of each set's
   * route patterns being tried in turn as regular expressions. The set's router stays visible as
   * the route's {@link #SUB_ROUTER}.
   */
  private static void mount(Router parent, Router own) {
    RouteShapes shapes = RouteShapes.of(own);
    if (shapes == null) {
      parent.route().subRouter(own);
      return;
    }
    parent.route().putMetadata(SUB_ROUTER, own)
        .handler(ctx -> {
          if (shapes.mayMatch(ctx.normalizedPath(), mountLength(ctx))) {
            own.handleContext(ctx);
          } else {
            ctx.next();
          }
        })
        .failureHandler(ctx -> {
          if (shapes.mayMatch(ctx.normalizedPath(), mountLength(ctx))) {
            own.handleFailure(ctx);
          } else {
            ctx.next();
          }
        });
  }

  /** How much of the request's normalized path is the current router's mount point (its routes see the rest). */
  static int mountLength(RoutingContext ctx) {
    String mountPoint = ctx.mountPoint();
    if (mountPoint == null) {
      return 0;
    }
    int strip = mountPoint.endsWith("/") ? mountPoint.length() - 1 : mountPoint.length();
    return Math.min(strip, ctx.normalizedPath().length());
  }

  private static void noRoute(RoutingContext ctx) {
    ctx.fail(PlatformException.of(PlatformException.Reason.NOT_FOUND,
        "no API route " + ctx.request().method() + " " + ctx.request().path()));
  }

  private static void methodNotAllowed(RoutingContext ctx) {
    Problems.answer(ctx, 405, "this path does not take " + ctx.request().method());
  }
}
