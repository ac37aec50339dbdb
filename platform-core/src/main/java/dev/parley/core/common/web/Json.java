package dev.parley.core.common.web;

import io.vertx.ext.web.RoutingContext;

/** Writes JSON answers. */
public final class Json {

  private Json() {
  }

  /** Sends {@code body} (a JsonObject or JsonArray) with {@code status}, never cached. */
  public static void send(RoutingContext ctx, int status, Object body) {
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store")
        .putHeader("X-Content-Type-Options", "nosniff")
        .end(body.toString());
  }
}
