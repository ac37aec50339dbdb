package dev.parley.core.apps.broker;

import dev.parley.core.common.Addresses;
import dev.parley.core.common.IdGenerator;
import dev.parley.core.common.storage.Database;
import dev.parley.runtime.CallContext;
import dev.parley.runtime.MiniAppException;
import dev.parley.runtime.Permission;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.List;

/**
 * {@code parley.notifications.send}: a notification to the user of the call, stored and sent live
 * to their sessions; {@link #latest} lists a user's newest ones.
 */
final class AppNotifications {

  private final Vertx vertx;
  private final Database db;
  private final Clock clock;
  private final IdGenerator ids;
  private final CallingApp apps;

  AppNotifications(Vertx vertx, Database db, Clock clock, IdGenerator ids, CallingApp apps) {
    this.vertx = vertx;
    this.db = db;
    this.clock = clock;
    this.ids = ids;
    this.apps = apps;
  }

  List<Capability> capabilities() {
    return List.of(Capability.of("notifications.send", Requirement.permission(Permission.NOTIFICATIONS_SEND),
        Arguments.of("Sends a notification to the user of the call.")
            .required("text", Arguments.string("1-1000 characters", 1, 1000)).schema(),
        "{ notificationId: string }", this::send));
  }

  private Future<Object> send(CallContext context, JsonObject args) {
    String text = args.getString("text");
    if (text.isBlank() || text.length() > 1000) { // blank, or over 1000 UTF-16 units (the schema counts code points)
      return Future.failedFuture(MiniAppException.refused("text must be 1-1000 characters"));
    }
    String id = ids.newId();
    return apps.label(context)
        .compose(app -> NotificationRepository.insert(db.pool(), id, context.userId(), context.appId(), text,
            clock.millis()).map(r -> {
              JsonObject event = new JsonObject().put("type", "notification").put("notification", new JsonObject()
                  .put("id", id).put("app", new JsonObject().put("id", app.id()).put("name", app.name()))
                  .put("text", text));
              vertx.eventBus().publish(Addresses.account(context.userId()), event.encode());
              return new JsonObject().put("notificationId", id);
            }));
  }

  /** The user's newest {@code limit} notifications, newest first. */
  Future<JsonArray> latest(String userId, int limit) {
    return NotificationRepository.latest(db.pool(), userId, limit);
  }
}
