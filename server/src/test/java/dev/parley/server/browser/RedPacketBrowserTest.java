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
 * A red packet in a group, in headless Chromium: a member sends one with the gifting sample's
 * {@code /packet 10.00 2 …}, sees the host's own confirmation sheet ("Red packet: €10.00 in 2
 * shares"), confirms there; the packet's card appears for everyone; two other members open it from
 * the card in their own browsers, the card follows live, and every wallet in the header updates
 * live. Nothing moves before the confirmation; the ledger reconciles clean.
 */
class RedPacketBrowserTest {

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
  void memberSendsARedPacket_throughTheSheet_twoOthersOpenItFromTheCard_andWalletsUpdateLive() {
    TestUser ann = api.signUp("ann");
    TestUser bob = api.signUp("bob");
    TestUser cid = api.signUp("cid");
    String title = "New year " + ann.username();
    String group = api.group(ann, title, bob, cid).getString("id");
    Reply installed = api.post("/api/conversations/" + group + "/apps", ann, new JsonObject().put("appId", "gifting"));
    assertThat(installed.status()).as("the gifting sample is published at start: %s", installed).isBetween(200, 201);
    for (TestUser u : List.of(ann, bob, cid)) {
      Reply consent = api.post("/api/apps/gifting/consent", u, new JsonObject().put("permissions", new JsonArray()
          .add("payments.request").add("cards.post").add("storage.conversation").add("members.read")));
      assertThat(consent.status()).as("%s", consent).isEqualTo(200);
    }
    Reply topUp = api.post("/api/wallet/topups", ann, new JsonObject().put("currency", "EUR").put("amount", "20.00")
        .put("card", "4242424242424242").put("idempotencyKey", "top-" + ann.username()));
    assertThat(topUp.status()).as("%s", topUp).isEqualTo(201);

    ChatPage a = browsers.chat("ann");
    ChatPage b = browsers.chat("bob");
    ChatPage c = browsers.chat("cid");
    a.signIn(ann.username(), ApiClient.PASSWORD);
    b.signIn(bob.username(), ApiClient.PASSWORD);
    c.signIn(cid.username(), ApiClient.PASSWORD);
    a.awaitLive();
    b.awaitLive();
    c.awaitLive();
    Wallets.wait(a.driver())
        .until(d -> d.findElement(By.cssSelector("[data-testid=wallet-balance]")).getText().contains("20.00"));

    a.openConversation(title);
    b.openConversation(title);
    c.openConversation(title);
    b.markDocument();
    c.markDocument();

    WebElement box = a.clickable("#composer-input");
    box.sendKeys("/packet 10.00 2 Happy new year");
    if (!a.driver().findElements(By.cssSelector("[data-testid=suggestions]")).isEmpty()) {
      box.sendKeys(Keys.ESCAPE);
    }
    box.sendKeys(Keys.ENTER);

    // The host's sheet, with what the server stored: nothing has moved yet.
    WebElement sheet = a.visible("[data-testid=payment-sheet]");
    assertThat(sheet.findElement(By.cssSelector("[data-testid=payment-payee]")).getText())
        .contains("Red packet").contains("10.00").contains("in 2 shares");
    assertThat(sheet.findElement(By.cssSelector("[data-testid=payment-app]")).getText()).isEqualTo("Red Packets");
    assertThat(sheet.findElement(By.cssSelector("[data-testid=payment-note]")).getText()).isEqualTo("Happy new year");
    assertThat(balance(ann)).isEqualTo(2000);
    a.clickable("[data-testid=payment-confirm]").click();

    // The total leaves Ann's wallet for the packet; its card appears for everyone.
    Wallets.wait(a.driver())
        .until(d -> d.findElement(By.cssSelector("[data-testid=wallet-balance]")).getText().contains("10.00"));
    for (ChatPage p : List.of(a, b, c)) {
      Wallets.wait(p.driver()).until(d -> cardText(d).contains("0 of 2 claimed"));
    }

    // Bob opens it in his browser: his wallet and everyone's card follow, live.
    openCard(b);
    Wallets.wait(b.driver())
        .until(d -> d.findElement(By.cssSelector("[data-testid=wallet-balance]")).getText().contains("5.00"));
    Wallets.wait(c.driver()).until(d -> cardText(d).contains("1 of 2 claimed"));
    // Cid opens it in hers: the last share.
    openCard(c);
    Wallets.wait(c.driver())
        .until(d -> d.findElement(By.cssSelector("[data-testid=wallet-balance]")).getText().contains("5.00"));
    for (ChatPage p : List.of(a, b, c)) {
      Wallets.wait(p.driver()).until(d -> cardText(d).contains("All 2 claimed"));
    }
    assertThat(b.driver().findElements(By.cssSelector("[data-testid=card-button][data-action-id=open]")))
        .as("nothing left to open").isEmpty();
    assertThat(b.notReloaded()).as("Bob's balance and card arrived live").isTrue();
    assertThat(c.notReloaded()).as("Cid's balance and card arrived live").isTrue();
    assertThat(a.driver().findElements(By.cssSelector("[data-testid=message][data-kind=card]")).stream()
        .filter(m -> m.getText().contains("Red packet")).count()).as("one card, updated in place").isEqualTo(1);

    assertThat(balance(ann)).isEqualTo(1000);
    assertThat(balance(bob)).isEqualTo(500);
    assertThat(balance(cid)).isEqualTo(500);
    assertThat(api.get("/api/admin/ledger/reconcile", server.admin()).json().getBoolean("ok")).isTrue();
  }

  /** The text of the red packet's card in this browser, empty while there is none. */
  private static String cardText(WebDriver d) {
    return d.findElements(By.cssSelector("[data-testid=message-list] [data-testid=app-card]")).stream()
        .map(WebElement::getText).filter(t -> t.contains("Red packet")).reduce((x, y) -> y).orElse("");
  }

  private static void openCard(ChatPage p) {
    p.clickable("[data-testid=app-card] [data-testid=card-button][data-action-id=open]").click();
  }

  private static long balance(TestUser user) {
    return Wallets.balance(api, user);
  }
}
