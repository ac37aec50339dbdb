package dev.parley.core.apps.registry;

import dev.parley.core.common.PlatformException;
import java.util.Set;
import java.util.regex.Pattern;

/** App ids: DNS labels chosen by developers, because they become host names ({@code <id>.apps.<host>}). */
final class AppIds {

  private static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]{1,30}[a-z0-9]");
  private static final Set<String> RESERVED = Set.of("admin", "api", "app", "apps", "www", "static", "parley",
      "assets", "health", "metrics", "login", "signin", "signup", "setup", "root", "system", "support", "help",
      "mail", "ftp", "localhost", "test", "null", "undefined");

  private AppIds() {
  }

  static boolean isValid(String id) {
    return id != null && ID.matcher(id).matches() && !id.contains("--");
  }

  /** Checks a new id; the message says exactly what is wrong. */
  static String requireNew(String id) {
    if (id == null || id.isEmpty()) {
      throw PlatformException.invalid("/id", "id is required");
    }
    if (!ID.matcher(id).matches()) {
      throw PlatformException.invalid("/id", "id must be 3-32 characters of a-z, 0-9 and '-', start with a letter "
          + "and not end with '-' (it becomes a host name)");
    }
    if (id.contains("--")) {
      throw PlatformException.invalid("/id", "id must not contain '--'");
    }
    if (RESERVED.contains(id)) {
      throw PlatformException.of(PlatformException.Reason.CONFLICT, "app id '" + id + "' is reserved");
    }
    return id;
  }
}
