package dev.parley.core.accounts;

import dev.parley.core.common.PlatformException;
import java.util.Locale;

/** What an account may do. One account can hold several roles. */
public enum Role {
  /** Chats and launches mini-apps. Every account has it. */
  USER,
  /** Publishes mini-apps and holds personal API tokens. */
  DEVELOPER,
  /** Reviews apps, manages roles, reads the audit log. */
  ADMIN;

  /** The lower-case name used in JSON. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a JSON role name; {@code field} is the JSON pointer reported when it is unknown. */
  public static Role parse(String value, String field) {
    for (Role r : values()) {
      if (r.key().equals(value)) {
        return r;
      }
    }
    throw PlatformException.invalid(field, "unknown role '" + value + "': expected one of user, developer, admin");
  }
}
