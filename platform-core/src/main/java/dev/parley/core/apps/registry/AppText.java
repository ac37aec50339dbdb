package dev.parley.core.apps.registry;

import dev.parley.core.common.PlatformException;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** The editable text of an app's listing, checked field by field. */
record AppText(String name, String description, String category, String homepage, String privacyPolicyUrl) {

  static AppText of(JsonObject json, boolean creating) {
    String name = text(json, "name", 1, 80, true);
    String description = creating && !json.containsKey("description") ? "" : text(json, "description", 0, 2000, false);
    Object category = json.getValue("category");
    if (!(category instanceof String c) || !RegistryService.CATEGORIES.contains(c)) {
      throw PlatformException.invalid("/category",
          "category must be one of " + String.join(", ", RegistryService.CATEGORIES));
    }
    return new AppText(name, description, (String) category, url(json, "homepage"), url(json, "privacyPolicyUrl"));
  }

  private static String text(JsonObject json, String field, int min, int max, boolean oneLine) {
    Object value = json.getValue(field);
    if (!(value instanceof String s)) {
      throw PlatformException.invalid("/" + field, field + " must be a string");
    }
    String t = s.strip();
    if (t.length() < min || t.length() > max) {
      throw PlatformException.invalid("/" + field, field + " must be " + min + "-" + max + " characters");
    }
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      if (Character.isISOControl(c) && (oneLine || (c != '\n' && c != '\t'))) {
        throw PlatformException.invalid("/" + field, field + " must not contain control characters");
      }
    }
    return t;
  }

  /** An absolute https URL (http only for localhost), or null when absent. */
  private static String url(JsonObject json, String field) {
    Object value = json.getValue(field);
    if (value == null) {
      return null;
    }
    if (!(value instanceof String s) || s.length() > 2000) {
      throw PlatformException.invalid("/" + field, field + " must be a URL of at most 2000 characters");
    }
    try {
      URI uri = new URI(s);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      boolean local = "localhost".equals(uri.getHost());
      if (uri.getHost() == null || !(scheme.equals("https") || (scheme.equals("http") && local))) {
        throw PlatformException.invalid("/" + field, field + " must be an absolute https:// URL");
      }
      return s;
    } catch (URISyntaxException e) {
      throw PlatformException.invalid("/" + field, field + " is not a valid URL: " + e.getReason());
    }
  }
}
