package dev.parley.core.common.web;

import io.vertx.ext.web.LanguageHeader;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The language a request asks for: the first well-formed tag of its {@code Accept-Language}
 * (highest quality first), as a BCP-47 tag ({@code de}, {@code ar}, {@code pt-BR}). The messenger
 * sends the language it shows, which comes from the account's {@code locale}; mini-apps receive it
 * in their launch parameters and call context so that their answers can match it.
 */
public final class RequestLocale {

  /** The locale when a request names none. */
  public static final String DEFAULT = "en";

  private static final Pattern TAG = Pattern.compile("[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,3}");

  private RequestLocale() {
  }

  /** The request's language, or {@link #DEFAULT}; never fails, whatever the header holds. */
  public static String of(RoutingContext ctx) {
    for (LanguageHeader language : ctx.acceptableLanguages()) {
      String tag = normalise(language.value());
      if (tag != null) {
        return tag;
      }
    }
    return DEFAULT;
  }

  /** {@code DE-at} → {@code de-AT}; null for anything that is not a plain language tag (or {@code *}). */
  public static String normalise(String raw) {
    if (raw == null || raw.length() > 35 || !TAG.matcher(raw.strip()).matches()) {
      return null;
    }
    String tag = Locale.forLanguageTag(raw.strip()).toLanguageTag();
    return "und".equals(tag) ? null : tag;
  }
}
