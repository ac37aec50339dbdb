package dev.parley.core.chat;

import dev.parley.core.accounts.Authn;
import dev.parley.core.common.PlatformException;
import dev.parley.core.common.web.JsonBody;
import dev.parley.core.common.web.Respond;
import dev.parley.core.common.web.RouteSet;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** {@code PUT|DELETE /api/conversations/:id/mute}: a member's mute, answered with the conversation. */
public final class MuteApi implements RouteSet {

  private final Mutes mutes;

  public MuteApi(Mutes mutes) {
    this.mutes = mutes;
  }

  @Override
  public void mount(Router api) {
    api.put("/conversations/:id/mute").handler(Respond.json(this::mute));
    api.delete("/conversations/:id/mute").handler(Respond.json(this::unmute));
  }

  private Future<JsonObject> mute(RoutingContext ctx) {
    JsonObject body = JsonBody.object(ctx);
    Optional<Instant> until = Optional.empty();
    Object value = body.getValue("until");
    if (value != null) {
      if (!(value instanceof String text)) {
        throw PlatformException.invalid("/until", "until must be an ISO-8601 instant such as 2030-01-01T08:00:00Z");
      }
      try {
        until = Optional.of(Instant.parse(text));
      } catch (DateTimeParseException e) {
        throw PlatformException.invalid("/until", "until must be an ISO-8601 instant such as 2030-01-01T08:00:00Z");
      }
    }
    return mutes.mute(Authn.principal(ctx).account().id(), ctx.pathParam("id"), until).map(Conversation::toJson);
  }

  private Future<JsonObject> unmute(RoutingContext ctx) {
    return mutes.unmute(Authn.principal(ctx).account().id(), ctx.pathParam("id")).map(Conversation::toJson);
  }
}
