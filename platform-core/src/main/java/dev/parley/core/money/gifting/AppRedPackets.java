package dev.parley.core.money.gifting;

import dev.parley.core.apps.broker.Arguments;
import dev.parley.core.apps.broker.Capability;
import dev.parley.core.apps.broker.Requirement;
import dev.parley.core.common.IdGenerator;
import dev.parley.core.common.PlatformException;
import dev.parley.core.common.PlatformException.Reason;
import dev.parley.runtime.CallContext;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The red-packet host calls of an app that need no money permission: {@code parley.redpackets.claim}
 * and {@code parley.redpackets.get}, always for the user of the call and only for packets of the
 * call's conversation (to others a packet does not exist). Receiving money needs no confirmation;
 * sending it does, so creation is a payment request ({@code parley.redpackets.create}, see
 * {@link dev.parley.core.money.payments.AppPayments#packet}).
 */
public interface AppRedPackets {

  /**
   * Claims a share for the user of the call: {@code {packetId}} answers {@code {claimed: true, claim,
   * packet}} (with {@code claim.repeated} when they had claimed before) or, when there is nothing
   * to claim, {@code {claimed: false, reason: "finished"|"expired"|"unpaid"|"sender", message, packet}}.
   */
  Future<JsonObject> claim(CallContext context, JsonObject args);

  /** The packet {@code {packetId}} as its card shows it (the JSON of {@code GET /api/red-packets/:id}). */
  Future<JsonObject> get(CallContext context, JsonObject args);

  /**
   * {@code redpackets.claim} and {@code redpackets.get}: membership only, for packets of the call's
   * conversation. The service's own {@link PlatformException}s are the app's clear errors.
   */
  default List<Capability> capabilities() {
    JsonObject packetId = Arguments.id("the id of a red packet");
    return List.of(
        Capability.of("redpackets.claim", Requirement.membership(), Arguments.of("Claims one share of a red packet "
            + "of this conversation for the user of the call; Parley pays it to their wallet.")
            .required("packetId", packetId).schema(),
            "{ claimed: true; claim: Record<string, unknown>; packet: Record<string, unknown> } | { claimed: false; "
                + "reason: 'finished' | 'expired' | 'unpaid' | 'sender'; message: string; packet: Record<string, unknown> }",
            (context, args) -> claim(context, args).recover(Capability::refusal)),
        Capability.of("redpackets.get", Requirement.membership(), Arguments.of("A red packet of this conversation, as "
            + "its card shows it.")
            .required("packetId", packetId).schema(), "Record<string, unknown>",
            (context, args) -> get(context, args).recover(Capability::refusal)));
  }

  /** The calls on the packets {@code packets} supplies when a call comes (they may be built after the caller). */
  static AppRedPackets of(Supplier<RedPackets> packets) {
    Objects.requireNonNull(packets, "packets");
    return new AppRedPackets() {
      @Override
      public Future<JsonObject> claim(CallContext context, JsonObject args) {
        RedPackets p = packets.get();
        return here(p, context, args).compose(packet -> p.claim(packet.id(), context.userId())
            .compose(c -> p.view(packet.id()).map(after -> new JsonObject().put("claimed", true)
                .put("claim", c.toJson(after.currency()).put("paid", c.transferId().isPresent())
                    .put("repeated", c.repeated()))
                .put("packet", after.toJson())))
            .recover(f -> {
              if (!(f instanceof PlatformException pe)
                  || (pe.reason() != Reason.CONFLICT && pe.reason() != Reason.INSUFFICIENT_FUNDS
                      && pe.reason() != Reason.FORBIDDEN)) {
                return Future.failedFuture(f);
              }
              return p.view(packet.id()).map(now -> new JsonObject().put("claimed", false)
                  .put("reason", pe.reason() == Reason.FORBIDDEN ? "sender" : switch (now.status()) {
                    case FUNDING -> "unpaid";
                    case FINISHED -> "finished";
                    default -> "expired";
                  })
                  .put("message", pe.getMessage()).put("packet", now.toJson()));
            }));
      }

      @Override
      public Future<JsonObject> get(CallContext context, JsonObject args) {
        return here(packets.get(), context, args).map(RedPacket::toJson);
      }
    };
  }

  /** The packet named by {@code args.packetId}, visible to the user, in the call's conversation. */
  private static Future<RedPacket> here(RedPackets packets, CallContext context, JsonObject args) {
    Object id = args.getValue("packetId");
    if (!(id instanceof String packetId) || !IdGenerator.isId(packetId)) {
      return Future.failedFuture(PlatformException.invalid("/packetId", "packetId must be the id of a red packet"));
    }
    String conversation = context.conversationId().orElse("");
    return packets.get(context.userId(), packetId).map(p -> {
      if (!p.conversationId().equals(conversation)) {
        throw PlatformException.notFound("the red packet");
      }
      return p;
    });
  }
}
