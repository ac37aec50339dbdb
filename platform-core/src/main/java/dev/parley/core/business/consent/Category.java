package dev.parley.core.business.consent;

import dev.parley.core.common.PlatformException;
import java.util.Arrays;
import java.util.Locale;

/** What a business message is about; a customer opts in to each separately. */
public enum Category {
  /** Account and order updates: a statement, a meter reading due, a delivery, a fraud alert. */
  UTILITY,
  /** Offers, cart reminders, news: capped hardest. */
  MARKETING,
  /** One-time codes. */
  AUTHENTICATION;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Category parse(Object value, String field) {
    if (value instanceof String s) {
      for (Category c : values()) {
        if (c.wire().equals(s)) {
          return c;
        }
      }
    }
    throw PlatformException.invalid(field, field.substring(field.lastIndexOf('/') + 1) + " must be one of "
        + String.join(", ", Arrays.stream(values()).map(Category::wire).toList()));
  }
}
