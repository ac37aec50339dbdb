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
import org.openqa.selenium.WebElement;

/**
 * Money in the chat, in headless Chromium: a user tops up with the TEST card, pays another member
 * of a group with the payments sample's {@code /pay @bob 12.50}, sees the host's own confirmation
 * sheet (payee, amount, the app), confirms there, and both wallets update live; the receipt card
 * follows. Nothing moves before the confirmation.
 */
class PaymentsBrowserTest {

  @RegisterExtension
  static final BrowserServer server = BrowserServer.parley().withAdmin()
      // *.localhost resolves to the loopback address in Chromium: the messenger is localhost, apps <id>.apps.localhost.
      .baseHost("localhost");

  @RegisterExtension
  final TestBrowsers browsers = server.browsers();

  private static ApiClient api;

  @BeforeAll
  static void client() {
    api = server.api();
  }

  @Test
  void memberPaysAnotherInAGroup_throughTheConfirmationSheet_andBothWalletsUpdateLive() {
    TestUser ann = api.signUp("ann");
    TestUser bob = api.signUp("bob");
    String title = "Payday " + ann.username();
    String group = api.group(ann, title, bob).getString("id");
    Reply installed = api.post("/api/conversations/" + group + "/apps", ann, new JsonObject().put("appId", "payments"));
    assertThat(installed.status()).as("the payments sample is published at start: %s", installed).isBetween(200, 201);
    for (TestUser u : List.of(ann, bob)) {
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

    // Ann tops up 25.00 EUR with the TEST card.
    a.clickable("[data-testid=wallet-open]").click();
    assertThat(a.visible("[data-testid=test-badge]").getText()).contains("TEST");
    WebElement amount = a.visible("[data-testid=topup-amount]");
    amount.clear();
    amount.sendKeys("25.00");
    a.clickable("[data-testid=topup-submit]").click();
    Wallets.wait(a.driver())
        .until(d -> d.findElement(By.cssSelector("[data-testid=topup-message]")).getText().contains("Added"));
    a.clickable("[data-testid=wallet-close]").click();
    Wallets.wait(a.driver())
        .until(d -> d.findElement(By.cssSelector("[data-testid=wallet-balance]")).getText().contains("25.00"));

    a.openConversation(title);
    b.openConversation(title);
    b.markDocument();

    WebElement box = a.clickable("#composer-input");
    box.sendKeys("/pay @" + bob.username() + " 12.50 lunch");
    if (!a.driver().findElements(By.cssSelector("[data-testid=suggestions]")).isEmpty()) {
      box.sendKeys(Keys.ESCAPE);
    }
    box.sendKeys(Keys.ENTER);

    // The host's sheet, with what the server stored: nothing has moved yet.
    WebElement sheet = a.visible("[data-testid=payment-sheet]");
    assertThat(sheet.findElement(By.cssSelector("[data-testid=payment-payee]")).getText()).contains(bob.username());
    assertThat(sheet.findElement(By.cssSelector("[data-testid=payment-amount]")).getText()).contains("12.50");
    assertThat(sheet.findElement(By.cssSelector("[data-testid=payment-app]")).getText()).isEqualTo("Payments");
    assertThat(balance(bob)).isZero();
    a.clickable("[data-testid=payment-confirm]").click();

    Wallets.wait(a.driver())
        .until(d -> d.findElement(By.cssSelector("[data-testid=wallet-balance]")).getText().contains("12.50"));
    Wallets.wait(b.driver())
        .until(d -> d.findElement(By.cssSelector("[data-testid=wallet-balance]")).getText().contains("12.50"));
    assertThat(b.notReloaded()).as("Bob's balance arrived live").isTrue();
    assertThat(balance(ann)).isEqualTo(1250);
    assertThat(balance(bob)).isEqualTo(1250);
    Wallets.wait(b.driver())
        .until(d -> d.findElements(By.cssSelector("[data-testid=message-list] [data-testid=app-card]")).stream()
            .anyMatch(c -> c.getText().contains("12.50")));
    assertThat(api.get("/api/admin/ledger/reconcile", server.admin()).json().getBoolean("ok")).isTrue();
  }

  private static long balance(TestUser user) {
    return Wallets.balance(api, user);
  }
}
