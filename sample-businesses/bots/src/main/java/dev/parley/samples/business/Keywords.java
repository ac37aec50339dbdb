package dev.parley.samples.business;

import java.util.Locale;
import java.util.Set;

/** The words Parley answers itself in a business conversation (docs/api.md, "Consent and pacing"). */
final class Keywords {

  private static final Set<String> WORDS = Set.of("STOP", "START", "HELP", "AGENT", "HUMAN");

  private Keywords() {
  }

  static boolean isParleyKeyword(String text) {
    return WORDS.contains(text.strip().toUpperCase(Locale.ROOT));
  }
}
