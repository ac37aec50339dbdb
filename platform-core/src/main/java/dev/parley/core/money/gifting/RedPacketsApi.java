package dev.parley.core.money.gifting;

import dev.parley.core.accounts.Authn;
import dev.parley.core.common.web.Answer;
import dev.parley.core.common.web.Respond;
import dev.parley.core.common.web.RouteSet;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Objects;

/**
 * The red-packet routes, mounted under {@code /api} behind authentication. Only members of a
 * packet's conversation see or claim it; to anyone else it does not exist (404). Creation has no
 * route: it goes through the host's payment confirmation (see docs/DESIGN.md).
 */
public final class RedPacketsApi implements RouteSet {

  private final RedPackets packets;

  public RedPacketsApi(RedPackets packets) {
    this.packets = Objects.requireNonNull(packets, "packets");
  }

  @Override
  public void mount(Router api) {
    api.get("/red-packets/:id").handler(Respond.json(this::get));
    api.post("/red-packets/:id/claim").handler(Respond.json(this::claim));
  }

  private Future<JsonObject> get(RoutingContext ctx) {
    return packets.get(Authn.principal(ctx).accountId(), ctx.pathParam("id")).map(RedPacket::toJson);
  }

  private Future<Answer> claim(RoutingContext ctx) {
    return packets.claim(ctx.pathParam("id"), Authn.principal(ctx).accountId())
        .compose(c -> packets.view(c.packetId()).map(p -> Answer.createdOrOk(!c.repeated(), new JsonObject()
            .put("claim", c.toJson(p.currency()).put("paid", c.transferId().isPresent()).put("repeated", c.repeated()))
            .put("packet", p.toJson()))));
  }
}
