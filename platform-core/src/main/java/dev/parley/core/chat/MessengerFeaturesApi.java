package dev.parley.core.chat;

import dev.parley.core.accounts.Account;
import dev.parley.core.accounts.Authn;
import dev.parley.core.common.PlatformException;
import dev.parley.core.common.web.Answer;
import dev.parley.core.common.web.JsonBody;
import dev.parley.core.common.web.Respond;
import dev.parley.core.common.web.RouteSet;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Routes of the everyday messenger features (issue 17): a member's archive and pin of a
 * conversation, pinned messages, members' roles, and invite links (made by members with the
 * {@code addMembers} right, opened and used by any signed-in person who has the link).
 */
public final class MessengerFeaturesApi implements RouteSet {

  private final ChatService chat;
  private final MessengerFeatures features;

  public MessengerFeaturesApi(ChatService chat, MessengerFeatures features) {
    this.chat = chat;
    this.features = features;
  }

  @Override
  public void mount(Router api) {
    api.put("/conversations/:id/archive").handler(Respond.json(ctx -> places(ctx).archive(me(ctx).id(), id(ctx), true)
        .map(Conversation::toJson)));
    api.delete("/conversations/:id/archive").handler(Respond.json(ctx -> places(ctx).archive(me(ctx).id(), id(ctx),
        false).map(Conversation::toJson)));
    api.put("/conversations/:id/pin").handler(Respond.json(ctx -> places(ctx).pin(me(ctx).id(), id(ctx), true)
        .map(Conversation::toJson)));
    api.delete("/conversations/:id/pin").handler(Respond.json(ctx -> places(ctx).pin(me(ctx).id(), id(ctx), false)
        .map(Conversation::toJson)));
    api.get("/conversations/:id/pins").handler(Respond.json(ctx -> pinsOf(features.pins().list(me(ctx).id(),
        id(ctx)))));
    api.put("/conversations/:id/pins/:messageId").handler(Respond.json(ctx -> pinsOf(features.pins().pin(me(ctx),
        id(ctx), ctx.pathParam("messageId")))));
    api.delete("/conversations/:id/pins/:messageId").handler(Respond.json(ctx -> pinsOf(features.pins().unpin(me(ctx),
        id(ctx), ctx.pathParam("messageId")))));
    api.put("/conversations/:id/members/:accountId/role").handler(Respond.json(this::role));
    api.get("/conversations/:id/invites").handler(Respond.json(ctx -> features.invites().list(me(ctx).id(), id(ctx))
        .map(list -> new JsonObject().put("invites", list))));
    api.post("/conversations/:id/invites").handler(Respond.json(this::createInvite));
    api.delete("/conversations/:id/invites/:inviteId").handler(Respond.json(ctx -> features.invites()
        .revoke(me(ctx).id(), id(ctx), ctx.pathParam("inviteId"))));
    api.get("/invites/:token").handler(Respond.json(ctx -> features.invites().preview(me(ctx),
        ctx.pathParam("token"))));
    api.post("/invites/:token/join").handler(Respond.json(ctx -> features.invites().join(me(ctx),
        ctx.pathParam("token")).map(Conversation::toJson)));
  }

  private ConversationPlaces places(RoutingContext ctx) {
    return features.places();
  }

  private static Future<JsonObject> pinsOf(Future<JsonArray> pins) {
    return pins.map(list -> new JsonObject().put("pins", list));
  }

  private Future<JsonObject> role(RoutingContext ctx) {
    String role = JsonBody.string(JsonBody.object(ctx), "role");
    return chat.setRole(me(ctx), id(ctx), ctx.pathParam("accountId"), role).map(Conversation::toJson);
  }

  private Future<Answer> createInvite(RoutingContext ctx) {
    JsonObject body = JsonBody.object(ctx);
    Optional<Instant> expiresAt = Optional.empty();
    Object value = body.getValue("expiresAt");
    if (value != null) {
      try {
        expiresAt = Optional.of(Instant.parse((String) value));
      } catch (ClassCastException | DateTimeParseException e) {
        throw PlatformException.invalid("/expiresAt",
            "expiresAt must be an ISO-8601 instant such as 2030-01-01T08:00:00Z");
      }
    }
    Optional<Integer> maxUses = Optional.empty();
    if (body.getValue("maxUses") != null) {
      maxUses = Optional.of((int) JsonBody.integer(body, "maxUses", 1, 10_000));
    }
    return features.invites().create(me(ctx), id(ctx), expiresAt, maxUses).map(Answer::created);
  }

  private static String id(RoutingContext ctx) {
    return ctx.pathParam("id");
  }

  private static Account me(RoutingContext ctx) {
    return Authn.principal(ctx).account();
  }
}
