package dev.parley.core.money.ledger;

import dev.parley.core.common.PlatformException;
import java.math.BigDecimal;
import java.util.Currency;
import java.util.Objects;

/**
 * Amounts of money: integers in the currency's minor units (its ISO 4217 exponent, from
 * {@link Currency#getDefaultFractionDigits()}), parsed strictly from and written as plain decimal
 * strings such as {@code "12.50"}. No floating point anywhere.
 */
public final class Money {

  /** The largest amount one transfer may move, in minor units (1,000,000,000.00 for a 2-digit currency). */
  public static final long MAX_AMOUNT = 100_000_000_000L;

  private Money() {
  }

  /**
   * The currency of an ISO 4217 code such as {@code EUR}; refused (400 naming {@code field}) when it
   * is no currency or one without a minor-unit exponent (gold, test codes).
   */
  public static Currency currency(String code, String field) {
    Objects.requireNonNull(field, "field");
    if (code == null) {
      throw PlatformException.invalid(field, name(field) + " is required: an ISO 4217 code such as \"EUR\"");
    }
    if (!code.matches("[A-Z]{3}")) {
      throw PlatformException.invalid(field,
          name(field) + " must be an ISO 4217 code of three capital letters, such as \"EUR\"");
    }
    Currency currency;
    try {
      currency = Currency.getInstance(code);
    } catch (IllegalArgumentException e) {
      throw PlatformException.invalid(field, "'" + code + "' is not an ISO 4217 currency");
    }
    if (currency.getDefaultFractionDigits() < 0) {
      throw PlatformException.invalid(field, "'" + code + "' is not a currency money can be held in");
    }
    return currency;
  }

  /**
   * Parses an amount above zero, such as {@code "12.50"} or {@code "12.5"} for EUR, {@code "1200"}
   * for JPY: ASCII digits, no sign, no exponent, no grouping, no leading zeros, at most the
   * currency's number of decimal places, at most {@link #MAX_AMOUNT}. Every refusal is an INVALID
   * failure naming {@code field} (a JSON pointer such as {@code /amount}) and saying what is wrong.
   */
  public static long parse(Currency currency, String text, String field) {
    Objects.requireNonNull(currency, "currency");
    Objects.requireNonNull(field, "field");
    String name = name(field);
    int digits = currency.getDefaultFractionDigits();
    String example = digits == 0 ? "\"1200\"" : "\"12.5" + "0".repeat(digits - 1) + "\"";
    if (text == null || text.isEmpty()) {
      throw PlatformException.invalid(field, name + " is required: a decimal string such as " + example);
    }
    if (text.length() > 40 || !text.matches("[0-9]+(\\.[0-9]+)?")) {
      throw PlatformException.invalid(field, name + " must be a plain decimal number such as " + example
          + ": digits with at most one '.', no sign, exponent, spaces or separators");
    }
    int dot = text.indexOf('.');
    String whole = dot < 0 ? text : text.substring(0, dot);
    String fraction = dot < 0 ? "" : text.substring(dot + 1);
    if (whole.length() > 1 && whole.charAt(0) == '0') {
      throw PlatformException.invalid(field, name + " must not start with a zero, such as " + example);
    }
    if (fraction.length() > digits) {
      throw PlatformException.invalid(field, digits == 0
          ? name + " must be a whole number: " + currency.getCurrencyCode() + " has no minor unit"
          : name + " has " + fraction.length() + " decimal places; " + currency.getCurrencyCode() + " has " + digits);
    }
    BigDecimal minor = new BigDecimal(text).movePointRight(digits);
    if (minor.signum() == 0) {
      throw PlatformException.invalid(field, name + " must be more than zero");
    }
    if (minor.compareTo(BigDecimal.valueOf(MAX_AMOUNT)) > 0) {
      throw PlatformException.invalid(field, name + " is too large: at most " + format(currency, MAX_AMOUNT) + " "
          + currency.getCurrencyCode());
    }
    return minor.longValueExact();
  }

  /** {@code minor} units written with the currency's decimal places, e.g. {@code 1250 → "12.50"}, {@code -5 → "-0.05"}. */
  public static String format(Currency currency, long minor) {
    return BigDecimal.valueOf(minor, currency.getDefaultFractionDigits()).toPlainString();
  }

  private static String name(String field) {
    return field.substring(field.lastIndexOf('/') + 1);
  }
}
