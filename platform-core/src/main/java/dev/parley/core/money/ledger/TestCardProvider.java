package dev.parley.core.money.ledger;

import dev.parley.core.common.IdGenerator;
import dev.parley.core.common.PlatformException;
import dev.parley.core.money.ledger.spi.Charge;
import dev.parley.core.money.ledger.spi.ChargeRequest;
import dev.parley.core.money.ledger.spi.PaymentProvider;
import io.vertx.core.Future;

/**
 * The built-in TEST payment provider: no real money. It knows two card numbers, the usual test
 * cards: {@value #APPROVED} is approved and {@value #DECLINED} is declined; any other number is
 * refused, and a number that fails the Luhn check is refused as mistyped. It is stateless and
 * deterministic, so a retried charge gives the same reference.
 */
public final class TestCardProvider implements PaymentProvider {

  /** The test card that is always approved. */
  public static final String APPROVED = "4242 4242 4242 4242";
  /** The test card that is always declined. */
  public static final String DECLINED = "4000 0000 0000 0002";

  private TestCardProvider() {
  }

  /** The test provider. */
  public static PaymentProvider create() {
    return new TestCardProvider();
  }

  @Override
  public String name() {
    return "test";
  }

  @Override
  public boolean test() {
    return true;
  }

  @Override
  public Future<Charge> charge(ChargeRequest request) {
    try {
      String digits = cardDigits(request.source());
      if (digits.equals(DECLINED.replace(" ", ""))) {
        return Future.failedFuture(PlatformException.invalid("/card",
            "the card was declined (TEST provider: " + DECLINED + " is always declined)"));
      }
      if (!digits.equals(APPROVED.replace(" ", ""))) {
        return Future.failedFuture(PlatformException.invalid("/card",
            "the TEST provider takes only its test cards: " + APPROVED + " (approved) and " + DECLINED
                + " (declined)"));
      }
      String reference = "test_" + IdGenerator.sha256(request.idempotencyKey() + "|" + digits + "|" + request.amount()
          + "|" + request.currency().getCurrencyCode()).substring(0, 24);
      return Future.succeededFuture(new Charge(reference, "TEST card •••• " + digits.substring(digits.length() - 4)));
    } catch (PlatformException e) {
      return Future.failedFuture(e);
    }
  }

  /** The digits of a card number written with optional spaces or dashes; refused unless it passes the Luhn check. */
  static String cardDigits(String card) {
    String digits = card.replace(" ", "").replace("-", "");
    if (!digits.matches("[0-9]{12,19}")) {
      throw PlatformException.invalid("/card", "card must be a card number: 12 to 19 digits, spaces allowed");
    }
    if (!luhn(digits)) {
      throw PlatformException.invalid("/card", "this is not a valid card number (its check digit is wrong): mistyped?");
    }
    return digits;
  }

  static boolean luhn(String digits) {
    int sum = 0;
    boolean twice = false;
    for (int i = digits.length() - 1; i >= 0; i--) {
      int d = digits.charAt(i) - '0';
      if (twice) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
      twice = !twice;
    }
    return sum % 10 == 0;
  }
}
