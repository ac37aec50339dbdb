package dev.parley.core.common.web;

import dev.parley.core.common.PlatformException;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * Assembles the platform's router from the features' {@link RouteSet}s, always in this order:
 * <ol>
 *   <li>every set's root routes ({@link RouteSet#mountRoot}), before any body handler;</li>
 *   <li>{@code /api/*}: the body handler with the API's limit, then a sub-router with every set's
 *       public routes, the authentication handler (the accounts' {@code Authn.required}: the web
 *       layer knows no account), every set's authenticated routes, and a 404 problem
 *       for any other path under {@code /api};</li>
 *   <li>the one failure handler, {@link Problems#handle}, which answers every failure of every
 *       route as {@code application/problem+json}.</li>
 * </ol>
 * Each set gets a router of its own per stage, mounted as a sub-router (when it adds a route).
 */
public final class WebRoutes {

  private WebRoutes() {
  }

  /** The router of {@code sets}, in their order within each stage. */
  public static Router router(Vertx vertx, List<RouteSet> sets, Handler<RoutingContext> authenticate,
      long maxBodyBytes) {
    Objects.requireNonNull(authenticate, "authenticate");
    Router root = Router.router(vertx);
    mountEach(vertx, root, sets, RouteSet::mountRoot);
    root.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(maxBodyBytes));

    Router api = Router.router(vertx);
    mountEach(vertx, api, sets, RouteSet::mountPublic);
    api.route().handler(authenticate);
    mountEach(vertx, api, sets, RouteSet::mount);
    api.route().handler(WebRoutes::noRoute);
    root.route("/api/*").subRouter(api);

    root.route().failureHandler(Problems::handle);
    return root;
  }

  private static void mountEach(Vertx vertx, Router parent, List<RouteSet> sets, BiConsumer<RouteSet, Router> stage) {
    for (RouteSet set : sets) {
      Router own = Router.router(vertx);
      stage.accept(set, own);
      if (!own.getRoutes().isEmpty()) {
        parent.route().subRouter(own);
      }
    }
  }

  private static void noRoute(RoutingContext ctx) {
    ctx.fail(PlatformException.of(PlatformException.Reason.NOT_FOUND,
        "no API route " + ctx.request().method() + " " + ctx.request().path()));
  }
}
