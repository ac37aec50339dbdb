package dev.parley.core.money.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.parley.core.common.PlatformException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Currency;

/**
 * Fuzzes amounts as clients and mini-apps send them: an input is {@code "<currency> <amount>"} (such as
 * {@code "EUR 12.50"}). Parsing either gives an amount above zero and at most {@link Money#MAX_AMOUNT} that
 * formats back to the same number, or an INVALID failure naming {@code /currency} or {@code /amount}; never
 * another exception. {@code mvn verify} replays the committed inputs under
 * {@code src/test/resources/dev/parley/core/money/ledger/MoneyFuzzTestInputs}; docs/fuzzing.md says how to fuzz
 * for real.
 */
class MoneyFuzzTest {

  @FuzzTest(maxDuration = "60s")
  void parse(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    int space = text.indexOf(' ');
    String code = space < 0 ? text : text.substring(0, space);
    String amount = space < 0 ? null : text.substring(space + 1);
    Currency currency;
    long minor;
    try {
      currency = Money.currency(code, "/currency");
      minor = Money.parse(currency, amount, "/amount");
    } catch (PlatformException e) {
      assertThat(e.reason()).isEqualTo(PlatformException.Reason.INVALID);
      assertThat(e.field()).hasValueSatisfying(f -> assertThat(f).isIn("/currency", "/amount"));
      assertThat(e.getMessage()).isNotBlank();
      return;
    }
    assertThat(minor).isBetween(1L, Money.MAX_AMOUNT);
    String formatted = Money.format(currency, minor);
    assertThat(new BigDecimal(formatted)).isEqualByComparingTo(new BigDecimal(amount));
    assertThat(Money.parse(currency, formatted, "/amount")).isEqualTo(minor);
  }
}
