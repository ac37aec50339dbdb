package dev.parley.core.apps.registry;

import java.util.Locale;

/** Where a version is in review: draft → in review → approved | rejected; withdraw returns to draft. */
public enum ReviewState {
  DRAFT, IN_REVIEW, APPROVED, REJECTED;

  /** The name in the API and the database, such as {@code in_review}. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  static ReviewState parse(String key) {
    return valueOf(key.toUpperCase(Locale.ROOT));
  }
}
