package dev.parley.core.audit;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One line of the audit log: who did what to which thing, when, why and from where.
 *
 * @param id the entry's id
 * @param at when it happened
 * @param actorId the account that acted, empty for the platform itself
 * @param actorName that account's username at the time
 * @param action what happened, such as {@code version.approved} (see {@link AuditLog})
 * @param targetType the kind of thing acted on: {@code app}, {@code version}, {@code account}
 * @param targetId its id ({@code appId@version} for versions)
 * @param appId the app concerned, if any
 * @param reason the reason given, if any
 * @param detail more facts, as JSON
 * @param address the IP address of the request, if any
 */
public record AuditEntry(String id, Instant at, Optional<String> actorId, Optional<String> actorName, String action,
    String targetType, String targetId, Optional<String> appId, Optional<String> reason, JsonObject detail,
    Optional<String> address) {

  public AuditEntry {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(targetType, "targetType");
    Objects.requireNonNull(targetId, "targetId");
    detail = detail.copy();
  }

  @Override
  public JsonObject detail() {
    return detail.copy();
  }

  public JsonObject toJson() {
    JsonObject actor = actorId.map(a -> new JsonObject().put("id", a).put("username", actorName.orElse(null)))
        .orElse(null);
    return new JsonObject().put("id", id).put("at", at.toString()).put("actor", actor).put("action", action)
        .put("targetType", targetType).put("targetId", targetId).put("appId", appId.orElse(null))
        .put("reason", reason.orElse(null)).put("detail", detail.copy()).put("address", address.orElse(null));
  }
}
