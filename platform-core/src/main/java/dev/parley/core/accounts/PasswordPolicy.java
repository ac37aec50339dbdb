package dev.parley.core.accounts;

import dev.parley.core.common.PlatformException;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import me.gosimple.nbvcxz.resources.DictionaryUtil;

/**
 * What a password must be, wherever one is set (sign-up, the first admin's set-up and bootstrap):
 * 10 to 200 characters, no control characters, not containing the username, and none of the most
 * common passwords. The list is nbvcxz's bundled {@code passwords.txt} (the 100,000 most common
 * passwords of public breach corpora, ranked); only its entries of 10 characters or more can match,
 * so only those are kept in memory. Every refusal is a validation failure naming {@code /password}.
 */
final class PasswordPolicy {

  static final int MIN_LENGTH = 10;
  static final int MAX_LENGTH = 200;

  private PasswordPolicy() {
  }

  /** The checks that need no list: length, control characters, the username. */
  static void checkShape(String password, String username) {
    if (password == null || password.length() < MIN_LENGTH || password.length() > MAX_LENGTH) {
      throw PlatformException.invalid("/password", "password must be " + MIN_LENGTH + "-" + MAX_LENGTH + " characters");
    }
    if (password.chars().anyMatch(Character::isISOControl)) {
      throw PlatformException.invalid("/password", "password must not contain control characters");
    }
    if (password.toLowerCase(Locale.ROOT).contains(username.toLowerCase(Locale.ROOT))) {
      throw PlatformException.invalid("/password", "password must not contain the username");
    }
  }

  /**
   * Refuses one of the most common passwords, also with its spaces left out. Reads the list on
   * first use (a fraction of a second): call it off the event loop.
   */
  static void checkNotCommon(String password) {
    String lower = password.toLowerCase(Locale.ROOT);
    if (CommonPasswords.SET.contains(lower) || CommonPasswords.SET.contains(lower.replace(" ", ""))) {
      throw PlatformException.invalid("/password",
          "password is one of the most common passwords; choose one that is harder to guess");
    }
  }

  /** Loaded once, when first needed (the holder idiom). */
  private static final class CommonPasswords {
    static final Set<String> SET = DictionaryUtil.loadRankedDictionary(DictionaryUtil.passwords).keySet().stream()
        .map(p -> p.toLowerCase(Locale.ROOT))
        .filter(p -> p.length() >= MIN_LENGTH)
        .collect(Collectors.toUnmodifiableSet());
  }
}
