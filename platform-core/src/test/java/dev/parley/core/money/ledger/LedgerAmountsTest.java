package dev.parley.core.money.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.common.PlatformException;
import java.util.Currency;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Amounts and currencies parsed strictly, by the currency's ISO 4217 exponent; test cards checked. */
class LedgerAmountsTest {

  @ParameterizedTest(name = "{1} {0} = {2}")
  @CsvSource({
      "12.50, EUR, 1250",
      "12.5, EUR, 1250",
      "12, EUR, 1200",
      "0.01, EUR, 1",
      "0.5, EUR, 50",
      "1000000000.00, EUR, 100000000000",
      "1200, JPY, 1200",
      "1.234, BHD, 1234",
      "7.5, BHD, 7500",
  })
  void parse_acceptsPlainDecimals(String text, String currency, long minor) {
    assertThat(Money.parse(Currency.getInstance(currency), text, "/amount")).isEqualTo(minor);
  }

  @ParameterizedTest(name = "{1} \"{0}\" refused: {2}")
  @CsvSource(delimiter = '|', value = {
      "12.5.0 | EUR | plain decimal number",
      "1e3 | EUR | plain decimal number",
      "1E3 | EUR | plain decimal number",
      "-1 | EUR | plain decimal number",
      "+1 | EUR | plain decimal number",
      "12.505 | EUR | 3 decimal places; EUR has 2",
      "12.500 | EUR | 3 decimal places; EUR has 2",
      "12.5 | JPY | whole number: JPY has no minor unit",
      "1.2345 | BHD | 4 decimal places; BHD has 3",
      "0 | EUR | more than zero",
      "0.00 | EUR | more than zero",
      "1000000000.01 | EUR | too large",
      "99999999999999999999999 | EUR | too large",
      "012.50 | EUR | must not start with a zero",
      ".5 | EUR | plain decimal number",
      "5. | EUR | plain decimal number",
      "1,000.00 | EUR | plain decimal number",
      "1 000 | EUR | plain decimal number",
      "' 12.50' | EUR | plain decimal number",
      "NaN | EUR | plain decimal number",
      "Infinity | EUR | plain decimal number",
      "0x10 | EUR | plain decimal number",
      "١٢ | EUR | plain decimal number",
      "12.50 EUR | EUR | plain decimal number",
  })
  void parse_refusesAnythingElse_namingTheField(String text, String currency, String why) {
    assertThatThrownBy(() -> Money.parse(Currency.getInstance(currency), text, "/amount"))
        .isInstanceOfSatisfying(PlatformException.class, e -> {
          assertThat(e.reason()).isEqualTo(PlatformException.Reason.INVALID);
          assertThat(e.field()).contains("/amount");
          assertThat(e.getMessage()).startsWith("amount").contains(why);
        });
  }

  @Test
  void parse_refusesAMissingAmount() {
    assertThatThrownBy(() -> Money.parse(Currency.getInstance("EUR"), "", "/amount"))
        .isInstanceOfSatisfying(PlatformException.class,
            e -> assertThat(e.getMessage()).contains("required", "\"12.50\""));
    assertThatThrownBy(() -> Money.parse(Currency.getInstance("EUR"), null, "/amount"))
        .isInstanceOfSatisfying(PlatformException.class, e -> assertThat(e.field()).contains("/amount"));
  }

  @Test
  void format_writesTheCurrencysDecimalPlaces() {
    assertThat(Money.format(Currency.getInstance("EUR"), 1250)).isEqualTo("12.50");
    assertThat(Money.format(Currency.getInstance("EUR"), 5)).isEqualTo("0.05");
    assertThat(Money.format(Currency.getInstance("EUR"), -5)).isEqualTo("-0.05");
    assertThat(Money.format(Currency.getInstance("JPY"), 1200)).isEqualTo("1200");
    assertThat(Money.format(Currency.getInstance("BHD"), 1234)).isEqualTo("1.234");
  }

  @ParameterizedTest(name = "\"{0}\" refused: {1}")
  @CsvSource(delimiter = '|', value = {
      "eur | three capital letters",
      "EURO | three capital letters",
      "ABC | not an ISO 4217 currency",
      "XAU | not a currency money can be held in",
      "XXX | not a currency money can be held in",
  })
  void currency_refusesWhatIsNoCurrency(String code, String why) {
    assertThatThrownBy(() -> Money.currency(code, "/currency"))
        .isInstanceOfSatisfying(PlatformException.class, e -> {
          assertThat(e.field()).contains("/currency");
          assertThat(e.getMessage()).contains(why);
        });
  }

  @Test
  void testCards_areLuhnChecked() {
    assertThat(TestCardProvider.luhn("4242424242424242")).isTrue();
    assertThat(TestCardProvider.luhn("4000000000000002")).isTrue();
    assertThat(TestCardProvider.luhn("4242424242424241")).isFalse();
    assertThat(TestCardProvider.cardDigits("4242 4242 4242 4242")).isEqualTo("4242424242424242");
    assertThat(TestCardProvider.cardDigits("4242-4242-4242-4242")).isEqualTo("4242424242424242");
    assertThatThrownBy(() -> TestCardProvider.cardDigits("4242 4242 4242 4241")).hasMessageContaining("check digit");
    assertThatThrownBy(() -> TestCardProvider.cardDigits("4242")).hasMessageContaining("12 to 19 digits");
  }
}
