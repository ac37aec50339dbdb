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
 * Issue 18 in headless Chromium: {@code /find running shoes} in the shop shows its product cards to
 * the shopper alone ("Only visible to you"), who shares one with the group; another member opens a
 * red packet without being asked for anything (installing granted what the app does in the
 * conversation, and opening needs nothing of the member's own).
 */
class EphemeralBrowserTest {

  @RegisterExtension
  static final BrowserServer server = BrowserServer.parley().withAdmin().baseHost("localhost");

  @RegisterExtension
  final TestBrowsers browsers = server.browsers();

  private static ApiClient api;

  @BeforeAll
  static void client() {
    api = server.api();
  }

  private static void command(ChatPage page, String text) {
    WebElement box = page.clickable("#composer-input");
    box.sendKeys(text);
    if (!page.driver().findElements(By.cssSelector("[data-testid=suggestions]")).isEmpty()) {
      box.sendKeys(Keys.ESCAPE);
    }
    box.sendKeys(Keys.ENTER);
  }

  private static List<WebElement> cards(WebDriver d) {
    return d.findElements(By.cssSelector("[data-testid=message-list] [data-testid=app-card]"));
  }

  @Test
  void find_showsTheProductsToTheShopperAlone_whoSharesOneWithTheGroup() {
    TestUser ann = api.signUp("ann");
    TestUser bob = api.signUp("bob");
    String title = "Shoes " + ann.username();
    String group = api.group(ann, title, bob).getString("id");
    Reply installed = api.post("/api/conversations/" + group + "/apps", ann, new JsonObject().put("appId", "shop"));
    assertThat(installed.status()).as("%s", installed).isBetween(200, 201);

    ChatPage a = browsers.chat("ann");
    ChatPage b = browsers.chat("bob");
    a.signIn(ann.username(), ApiClient.PASSWORD);
    b.signIn(bob.username(), ApiClient.PASSWORD);
    a.awaitLive();
    b.awaitLive();
    a.openConversation(title);
    b.openConversation(title);
    // Installing said so, to everyone.
    Wallets.wait(b.driver()).until(d -> d.findElements(By.cssSelector("[data-testid=message][data-kind=system]"))
        .stream().anyMatch(m -> m.getText().contains(ann.displayName() + " added the app Shop")));

    command(a, "/find running shoes");
    List<WebElement> mine = Wallets.wait(a.driver()).until(d -> {
      List<WebElement> found = d.findElements(By.cssSelector("[data-testid=ephemeral-message]"));
      return found.size() >= 3 ? found : null;
    });
    assertThat(mine.get(0).findElement(By.cssSelector("[data-testid=ephemeral-note]")).getText())
        .contains("Only visible to you");
    assertThat(a.driver().findElements(By.cssSelector("[data-testid=consent-permissions]")))
        .as("nothing asked: installing granted cards.post").isEmpty();

    // Bob sees none of it: a message sent after the results reaches him, the results never do.
    a.send("found something");
    b.awaitMessage("found something");
    assertThat(cards(b.driver())).as("no product card for Bob").isEmpty();
    assertThat(b.driver().findElements(By.cssSelector("[data-testid=ephemeral-message]"))).isEmpty();

    // Ann shares one product: a normal card everyone sees.
    WebElement product = mine.stream()
        .filter(m -> !m.findElements(By.cssSelector("[data-action-id=buy]")).isEmpty()).findFirst().orElseThrow();
    String name = product.findElement(By.cssSelector("[data-testid=card-title]")).getText();
    product.findElement(By.cssSelector("[data-testid=ephemeral-share]")).click();
    Wallets.wait(b.driver()).until(d -> cards(d).stream().anyMatch(c -> c.getText().contains(name)));

    // Dismissed, it is gone for Ann, and stays gone after a reload.
    product.findElement(By.cssSelector("[data-testid=ephemeral-dismiss]")).click();
    Wallets.wait(a.driver())
        .until(d -> d.findElements(By.cssSelector("[data-testid=ephemeral-message]")).size() == mine.size() - 1);
    a.driver().navigate().refresh();
    a.awaitLive();
    a.openConversation(title);
    Wallets.wait(a.driver())
        .until(d -> d.findElements(By.cssSelector("[data-testid=ephemeral-message]")).size() == mine.size() - 1);
  }

  @Test
  void aSecondMemberOpensARedPacket_withoutAnyPrompt() {
    TestUser ann = api.signUp("ann");
    TestUser bob = api.signUp("bob");
    String title = "Gifts " + ann.username();
    String group = api.group(ann, title, bob).getString("id");
    Reply installed = api.post("/api/conversations/" + group + "/apps", ann, new JsonObject().put("appId", "gifting"));
    assertThat(installed.status()).as("%s", installed).isBetween(200, 201);
    // Only the sender decides about her own money; Bob decides nothing.
    Reply consent = api.post("/api/apps/gifting/consent", ann, new JsonObject().put("permissions",
        new JsonArray().add("payments.request")));
    assertThat(consent.status()).as("%s", consent).isEqualTo(200);
    Reply topUp = api.post("/api/wallet/topups", ann, new JsonObject().put("currency", "EUR").put("amount", "20.00")
        .put("card", "4242424242424242").put("idempotencyKey", "top-" + ann.username()));
    assertThat(topUp.status()).as("%s", topUp).isEqualTo(201);

    ChatPage a = browsers.chat("ann");
    ChatPage b = browsers.chat("bob");
    a.signIn(ann.username(), ApiClient.PASSWORD);
    b.signIn(bob.username(), ApiClient.PASSWORD);
    a.awaitLive();
    b.awaitLive();
    a.openConversation(title);
    b.openConversation(title);

    command(a, "/packet 10.00 2 Happy new year");
    a.clickable("[data-testid=payment-confirm]").click();
    Wallets.wait(b.driver()).until(d -> cards(d).stream().anyMatch(c -> c.getText().contains("0 of 2 claimed")));

    b.clickable("[data-testid=app-card] [data-testid=card-button][data-action-id=open]").click();
    Wallets.wait(b.driver())
        .until(d -> d.findElement(By.cssSelector("[data-testid=wallet-balance]")).getText().contains("5.00"));
    assertThat(b.driver().findElements(By.cssSelector("[data-testid=consent-permissions]")))
        .as("Bob was asked nothing").isEmpty();
    assertThat(api.get("/api/me/consents", bob).array()).as("and decided nothing").isEmpty();
    assertThat(Wallets.balance(api, bob)).isEqualTo(500);
  }
}
