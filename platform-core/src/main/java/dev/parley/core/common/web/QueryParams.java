package dev.parley.core.common.web;

import dev.parley.core.common.PlatformException;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/** Reads query parameters with errors that name the parameter, by the same rule as {@link JsonBody}. */
public final class QueryParams {

  private QueryParams() {
  }

  /**
   * An optional integer parameter from {@code min} to {@code max}: digits with an optional minus,
   * checked as the number written (a value past 64 bits is refused, never wrapped).
   */
  public static Optional<Long> integer(RoutingContext ctx, String name, long min, long max) {
    String text = ctx.queryParams().get(name);
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    Long value = null;
    if (text.matches("-?[0-9]{1,19}")) {
      try {
        value = Long.parseLong(text);
      } catch (NumberFormatException e) {
        // past 64 bits: refused below
      }
    }
    if (value == null || value < min || value > max) {
      throw PlatformException.invalid(name, name + " must be a whole number from " + min + " to " + max);
    }
    return Optional.of(value);
  }
}
