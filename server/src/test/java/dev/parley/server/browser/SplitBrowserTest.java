package dev.parley.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.ApiClient;
import dev.parley.core.Reply;
import dev.parley.core.TestUser;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * {@code /split} in Chromium, in a group of three: 10.00 is shared by everyone, the payer included,
 * the summary card shows the exact rounding (3.34 for the payer, who covers the extra cent, 3.33
 * for each other), each other member is asked for 3.33; Bob's pay sheet shows his balance, offers
 * a TEST top-up of exactly what is missing, and then pays.
 */
class SplitBrowserTest {

  @RegisterExtension
  static final BrowserServer server = BrowserServer.parley().withAdmin();

  @RegisterExtension
  final TestBrowsers browsers = server.browsers();

  private static ApiClient api;

  @BeforeAll
  static void client() {
    api = server.api();
  }

  @Test
  void aSplitOfThree_showsTheRounding_andTheShortPayerTopsUpFromTheSheet() {
    TestUser ann = api.signUp("Ann");
    TestUser bob = api.signUp("Bob");
    TestUser cid = api.signUp("Cid");
    String title = "Pizza " + ann.username();
    String group = api.group(ann, title, bob, cid).getString("id");
    Reply installed = api.post("/api/conversations/" + group + "/apps", ann, new JsonObject().put("appId", "payments"));
    assertThat(installed.status()).as("%s", installed).isBetween(200, 201);
    for (TestUser u : List.of(ann, bob, cid)) {
      Reply consent = api.post("/api/apps/payments/consent", u, new JsonObject().put("permissions", new JsonArray()
          .add("payments.request").add("cards.post").add("members.read").add("storage.conversation")));
      assertThat(consent.status()).as("%s", consent).isEqualTo(200);
    }

    ChatPage a = browsers.chat("ann");
    ChatPage b = browsers.chat("bob");
    a.signIn(ann.username(), ApiClient.PASSWORD);
    b.signIn(bob.username(), ApiClient.PASSWORD);
    a.awaitLive();
    b.awaitLive();
    a.openConversation(title);
    b.openConversation(title);

    WebElement box = a.clickable("#composer-input");
    box.sendKeys("/split 10.00 pizza");
    if (!a.driver().findElements(By.cssSelector("[data-testid=suggestions]")).isEmpty()) {
      box.sendKeys(Keys.ESCAPE);
    }
    box.sendKeys(Keys.ENTER);

    String summary = card(a.driver(), "split 10.00 EUR 3 ways");
    assertThat(summary).contains("3.34 EUR for Ann, 3.33 EUR for Bob, 3.33 EUR for Cid")
        .contains("Ann covers the extra cent");
    String asked = card(b.driver(), "Ann asks Bob for 3.33 EUR");
    assertThat(asked).contains("Share of 10.00 EUR split 3 ways");
    Wallets.wait(a.driver()).until(d -> cards(d).stream().filter(t -> t.contains("Ann asks")).count() == 2);

    // Bob pays his share: he has nothing yet, so the sheet offers exactly what is missing.
    b.driver().findElements(By.cssSelector("[data-testid=message-list] [data-testid=app-card]")).stream()
        .filter(c -> c.getText().contains("Ann asks Bob")).findFirst().orElseThrow()
        .findElement(By.cssSelector("[data-testid=card-button][data-action-id=pay]")).click();
    WebElement sheet = b.visible("[data-testid=payment-sheet]");
    assertThat(sheet.findElement(By.cssSelector("[data-testid=payment-amount]")).getText()).contains("3.33");
    assertThat(b.visible("[data-testid=pay-balance-amount]").getText()).contains("0.00");
    assertThat(b.visible("[data-testid=pay-short]").getText()).contains("3.33");
    b.clickable("[data-testid=pay-topup]").click();
    Wallets.wait(b.driver()).until(d -> d.findElements(By.cssSelector("[data-testid=pay-short]")).isEmpty()
        && d.findElement(By.cssSelector("[data-testid=pay-balance-amount]")).getText().contains("3.33"));
    b.clickable("[data-testid=payment-confirm]").click();
    Wallets.wait(b.driver()).until(d -> cards(d).stream().anyMatch(t -> t.contains("Bob paid Ann")));
    assertThat(Wallets.balance(api, ann)).isEqualTo(333);
    assertThat(Wallets.balance(api, bob)).isZero();

    // Bob's wallet history says, in words, whom he paid.
    b.clickable("[data-testid=wallet-open]").click();
    Wallets.wait(b.driver()).until(d -> d.findElements(By.cssSelector("[data-testid=wallet-entry-what]")).stream()
        .map(WebElement::getText).toList().containsAll(List.of("To Ann", "Top-up (TEST card)")));
  }

  /** The text of the newest card whose text contains {@code text}, once there. */
  private static String card(WebDriver driver, String text) {
    return Wallets.wait(driver).until(d -> cards(d).stream().filter(t -> t.contains(text)).reduce((x, y) -> y)
        .orElse(null));
  }

  private static List<String> cards(WebDriver driver) {
    return driver.findElements(By.cssSelector("[data-testid=message-list] [data-testid=app-card]")).stream()
        .map(WebElement::getText).toList();
  }
}
