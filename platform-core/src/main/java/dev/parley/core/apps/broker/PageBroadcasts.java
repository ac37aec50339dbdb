package dev.parley.core.apps.broker;

import dev.parley.core.common.Addresses;
import dev.parley.core.common.PlatformException;
import dev.parley.runtime.CallContext;
import dev.parley.runtime.MiniAppException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code parley.pages.broadcast({data})}: hands {@code data} to every open page of the calling app
 * in the call's conversation, for every member's session. It rides the conversation's live
 * address like a message (so every node's {@code LiveHub} fans it out to the members' sockets,
 * and only theirs), as {@code {type: "page_broadcast", conversationId, appId, data}}; the
 * messenger hands it only to an open page of that app in that conversation. Nothing is stored:
 * a page that is not open misses it and reads the state from its app when it opens.
 */
public final class PageBroadcasts {

  /** The live event's type. */
  public static final String EVENT = "page_broadcast";

  private final Vertx vertx;
  private final RateLimiter limits;
  private final int maxBytes;

  PageBroadcasts(Vertx vertx, BrokerOptions options, dev.parley.core.ratelimit.RateLimits rateLimits) {
    this.vertx = vertx;
    BrokerOptions copy = new BrokerOptions(options);
    this.limits = new RateLimiter(copy, rateLimits);
    this.maxBytes = copy.getBroadcastMaxBytes();
  }

  /** Broadcasts with the broker's limits in {@code options}. */
  public static PageBroadcasts create(Vertx vertx, BrokerOptions options) {
    return new PageBroadcasts(vertx, options, dev.parley.core.ratelimit.RateLimits.local());
  }

  /** As above, the broadcast limit's buckets kept where {@code rateLimits} says (shared in a cluster). */
  public static PageBroadcasts create(Vertx vertx, BrokerOptions options,
      dev.parley.core.ratelimit.RateLimits rateLimits) {
    return new PageBroadcasts(vertx, options, rateLimits);
  }

  /** {@code pages.broadcast}: membership only, it reaches only this app's pages in the call's conversation. */
  public List<Capability> capabilities() {
    return List.of(Capability.of("pages.broadcast", Requirement.membership(),
        Arguments.of("Hands data to every open page of this app in the conversation of the call, for every "
            + "member's session.")
            .required("data",
                Arguments.any("the JSON to hand to the pages (encoded, at most broker.broadcastMaxBytes: 16 KiB "
                    + "unless configured)"))
            .schema(),
        "{ delivered: true }", this::broadcast));
  }

  Future<Object> broadcast(CallContext context, JsonObject args) {
    if (context.conversationId().isEmpty()) {
      return Future.failedFuture(MiniAppException.refused("pages.broadcast needs a conversation; this call has none"));
    }
    Object data = args.getValue("data");
    String encoded = io.vertx.core.json.Json.encode(data);
    int size = encoded.getBytes(StandardCharsets.UTF_8).length;
    if (size > maxBytes) {
      return Future.failedFuture(MiniAppException.refused("pages.broadcast data is " + size + " bytes as JSON; at most "
          + maxBytes + " are allowed"));
    }
    String conversationId = context.conversationId().get();
    return limits.acquireBroadcast(context.appId(), conversationId).transform(taken -> {
      if (taken.failed()) {
        return Future.failedFuture(taken.cause() instanceof PlatformException e
            ? MiniAppException.refused(e.getMessage())
            : taken.cause());
      }
      JsonObject event = new JsonObject().put("type", EVENT).put("conversationId", conversationId)
          .put("appId", context.appId()).put("data", data);
      // Published on the (clustered) event bus: pages on every node hear it.
      vertx.eventBus().publish(Addresses.conversation(conversationId), event.encode(),
          new DeliveryOptions().addHeader(Addresses.HEADER_CONVERSATION, conversationId));
      return Future.succeededFuture(new JsonObject().put("delivered", true));
    });
  }
}
