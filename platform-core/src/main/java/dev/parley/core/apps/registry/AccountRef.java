package dev.parley.core.apps.registry;

import io.vertx.core.json.JsonObject;
import java.util.Objects;

/** An account as the registry shows it: who owns an app, who uploaded or reviewed a version. */
public record AccountRef(String id, String username, String displayName) {

  public AccountRef {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(displayName, "displayName");
  }

  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("username", username).put("displayName", displayName);
  }
}
