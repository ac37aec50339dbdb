package dev.parley.core.accounts;

import dev.parley.core.common.PlatformException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** The e-mail address of an account (issue 17): optional, lower-cased, checked for shape only. */
public final class Emails {

  /** The longest address SMTP carries (RFC 5321). */
  public static final int MAX_LENGTH = 254;
  // One @, a dot in the domain, no spaces or control characters (nothing that could break a mail header).
  private static final Pattern SHAPE = Pattern
      .compile("[^@\\s\\p{Cntrl}<>,;\"()\\[\\]]{1,64}@[a-z0-9.-]+\\.[a-z0-9-]{2,63}");

  private Emails() {
  }

  static boolean valid(String lowerCased) {
    return lowerCased.length() <= MAX_LENGTH && SHAPE.matcher(lowerCased).matches()
        && !lowerCased.contains("..") && !lowerCased.contains("@.") && !lowerCased.contains(".@");
  }

  /**
   * The address to store for {@code value} of the field {@code field}: empty clears it (null or
   * ""); else it is trimmed, lower-cased and checked, or refused with a 400 naming the field.
   */
  public static Optional<String> normalize(@Nullable Object value, String field) {
    if (value == null) {
      return Optional.empty();
    }
    if (!(value instanceof String s)) {
      throw PlatformException.invalid(field, field.substring(1) + " must be a string or null");
    }
    String e = s.trim().toLowerCase(Locale.ROOT);
    if (e.isEmpty()) {
      return Optional.empty();
    }
    if (!valid(e)) {
      throw PlatformException.invalid(field, field.substring(1) + " must be an e-mail address such as "
          + "name@example.org (at most " + MAX_LENGTH + " characters)");
    }
    return Optional.of(e);
  }
}
