package dev.parley.core.accounts;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/** A person's account, as the rest of the platform sees it (never with its password hash). */
public record Account(String id, String username, String displayName, Set<Role> roles) {

  public Account {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(displayName, "displayName");
    roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
  }

  public boolean has(Role role) {
    return roles.contains(role);
  }

  /** The full form, for the account itself and for admins. */
  public JsonObject toJson() {
    JsonArray r = new JsonArray();
    for (Role role : Role.values()) {
      if (roles.contains(role)) {
        r.add(role.key());
      }
    }
    return publicJson().put("roles", r);
  }

  /** What other people may see. */
  public JsonObject publicJson() {
    return new JsonObject().put("id", id).put("username", username).put("displayName", displayName);
  }
}
