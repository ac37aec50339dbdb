package dev.parley.core.common.web;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;

/**
 * {@code GET /api/time}: {@code {"now": <epoch ms>}} from the platform's clock, for clients that
 * estimate their offset to it (NTP style: the best of a few round trips). Public and cheap: no
 * session lookup, no database, never cached.
 */
public final class ServerTime implements Handler<RoutingContext>, RouteSet {

  private final Clock clock;

  public ServerTime(Clock clock) {
    this.clock = clock;
  }

  @Override
  public void mountRoot(Router root) {
    root.get("/api/time").handler(this);
  }

  @Override
  public void handle(RoutingContext ctx) {
    ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .end("{\"now\":" + clock.millis() + "}");
  }
}
