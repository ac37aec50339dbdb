package dev.parley.core.accounts;

import dev.parley.core.common.PlatformException;
import java.text.Normalizer;
import java.util.Set;

/**
 * Characters that could pass for the verified badge in a name (issue 21): check marks, ballot
 * boxes, shields, seals and medals. The badge is drawn by the clients from a server flag only, so
 * no display name (of a person or a business) may carry one of these; names are compared after
 * NFKC normalisation so compatibility forms do not slip through.
 */
public final class BadgeLookalikes {

  private static final Set<Integer> REFUSED = Set.of(
      0x2713, // ✓ check mark
      0x2714, // ✔ heavy check mark
      0x2705, // ✅ white heavy check mark
      0x2610, 0x2611, 0x2612, // ☐ ☑ ☒ ballot boxes
      0x221A, // √ square root, a check mark's twin
      0x237B, // ⍻ not check mark
      0x274E, // ❎ negative squared cross mark
      0x1F5F8, // 🗸 light check mark
      0x1F5F9, // 🗹 ballot box with bold check
      0x1F6E1, // 🛡 shield
      0x1F530, // 🔰 beginner badge
      0x1F4DB, // 📛 name badge
      0x1F396, // 🎖 military medal
      0x1F3C5, // 🏅 sports medal
      0x1F3F5, // 🏵 rosette
      0x10102, // 𐄂 Aegean check mark
      0x1FBB1); // 🮱 inverse check mark

  private BadgeLookalikes() {
  }

  /** Whether the text holds a character that could pass for the verified badge. */
  public static boolean contains(String text) {
    String normal = Normalizer.normalize(text, Normalizer.Form.NFKC);
    return normal.codePoints().anyMatch(REFUSED::contains) || text.codePoints().anyMatch(REFUSED::contains);
  }

  /** Refuses a name with a badge-like character, naming {@code field}. */
  public static String check(String name, String field) {
    if (contains(name)) {
      throw PlatformException.invalid(field, field.substring(field.lastIndexOf('/') + 1)
          + " must not contain check marks, shields or other badge-like characters: the verified badge is shown "
          + "by Parley itself");
    }
    return name;
  }
}
