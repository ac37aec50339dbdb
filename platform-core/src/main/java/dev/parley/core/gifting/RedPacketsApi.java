package dev.parley.core.gifting;

import dev.parley.core.web.Authn;
import dev.parley.core.web.Json;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Objects;

/**
 * The red-packet routes, mounted under {@code /api} behind authentication. Only members of a
 * packet's conversation see or claim it; to anyone else it does not exist (404). Creation has no
 * route: it goes through the host's payment confirmation (see docs/DESIGN.md).
 */
public final class RedPacketsApi {

  private final Vertx vertx;
  private final RedPackets packets;

  public RedPacketsApi(Vertx vertx, RedPackets packets) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.packets = Objects.requireNonNull(packets, "packets");
  }

  /** The routes, relative to {@code /api}. */
  public Router router() {
    Router router = Router.router(vertx);
    router.get("/red-packets/:id").handler(this::get);
    router.post("/red-packets/:id/claim").handler(this::claim);
    return router;
  }

  private void get(RoutingContext ctx) {
    packets.get(Authn.principal(ctx).accountId(), ctx.pathParam("id"))
        .onSuccess(p -> Json.send(ctx, 200, p.toJson()))
        .onFailure(ctx::fail);
  }

  private void claim(RoutingContext ctx) {
    packets.claim(ctx.pathParam("id"), Authn.principal(ctx).accountId())
        .compose(c -> packets.view(c.packetId()).onSuccess(p -> Json.send(ctx, c.repeated() ? 200 : 201, new JsonObject()
            .put("claim", c.toJson(p.currency()).put("paid", c.transferId().isPresent()).put("repeated", c.repeated()))
            .put("packet", p.toJson()))))
        .onFailure(ctx::fail);
  }
}
