package dev.parley.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.ApiClient;
import dev.parley.core.Reply;
import dev.parley.core.TestUser;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The shop sample (app {@code shop}, published at start) in headless Chromium: {@code /find running
 * shoes under 80} shows product cards with their pictures and prices under 80 EUR; Buy on a card
 * opens the host's own confirmation sheet for the Shop's price, and confirming it brings the
 * order confirmation. View opens the shop's page at that product (the deep link), whose own Buy
 * opens the host's sheet again.
 */
class ShopBrowserTest {

  private static final Pattern PRICE = Pattern.compile("([0-9]+)\\.([0-9]{2})");

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
  void find_showsProductCards_andBuyOpensTheConfirmationSheet_thenThePageOpensAtTheItem() {
    TestUser ann = api.signUp("ann");
    String title = "Shopping " + ann.username();
    String group = api.group(ann, title).getString("id");
    Reply installed = api.post("/api/conversations/" + group + "/apps", ann, new JsonObject().put("appId", "shop"));
    assertThat(installed.status()).as("the shop sample is published at start: %s", installed).isBetween(200, 201);
    Reply consent = api.post("/api/apps/shop/consent", ann, new JsonObject().put("permissions", new JsonArray()
        .add("cards.post").add("payments.request").add("storage.conversation").add("members.read")));
    assertThat(consent.status()).as("%s", consent).isEqualTo(200);
    Reply topUp = api.post("/api/wallet/topups", ann, new JsonObject().put("currency", "EUR").put("amount", "200.00")
        .put("card", "4242424242424242").put("idempotencyKey", "top-" + ann.username()));
    assertThat(topUp.status()).as("%s", topUp).isEqualTo(201);

    ChatPage a = browsers.chat("ann");
    a.signIn(ann.username(), ApiClient.PASSWORD);
    a.awaitLive();
    a.openConversation(title);

    WebElement box = a.clickable("#composer-input");
    box.sendKeys("/find running shoes under 80");
    if (!a.driver().findElements(By.cssSelector("[data-testid=suggestions]")).isEmpty()) {
      box.sendKeys(Keys.ESCAPE);
    }
    box.sendKeys(Keys.ENTER);

    // Three product cards, each with its picture (loaded from the app's files) and a price under 80.
    List<WebElement> products = Wallets.wait(a.driver()).until(d -> {
      List<WebElement> cards = d.findElements(By.cssSelector("[data-testid=message-list] [data-testid=app-card]"))
          .stream()
          .filter(c -> !c.findElements(By.cssSelector("[data-action-id=buy]")).isEmpty()).toList();
      return cards.size() >= 3 ? cards : null;
    });
    assertThat(a.driver().findElement(By.cssSelector("[data-testid=message-list]")).getText()).contains("Found");
    for (WebElement card : products) {
      assertThat(card.findElement(By.cssSelector("[data-testid=card-title]")).getText()).contains("Running Shoes");
      assertThat(card.findElement(By.cssSelector("[data-testid=card-app]")).getText()).isEqualTo("Shop");
      WebElement image = card.findElement(By.cssSelector("img.card-image"));
      assertThat(image.getAttribute("src")).contains("/static/apps/shop/").endsWith(".svg");
      Wallets.wait(a.driver()).until(d -> loaded(d, image));
      assertThat(cents(card.findElement(By.cssSelector("[data-testid=card-fields]")).getText())).isLessThan(8000);
    }

    // Buy: the host's sheet, with the Shop's price; nothing is paid before the confirmation.
    WebElement first = products.get(0);
    String name = first.findElement(By.cssSelector("[data-testid=card-title]")).getText();
    long price = cents(first.findElement(By.cssSelector("[data-testid=card-fields]")).getText());
    first.findElement(By.cssSelector("[data-action-id=buy]")).click();
    WebElement sheet = a.visible("[data-testid=payment-sheet]");
    assertThat(cents(sheet.findElement(By.cssSelector("[data-testid=payment-amount]")).getText())).isEqualTo(price);
    assertThat(sheet.findElement(By.cssSelector("[data-testid=payment-app]")).getText()).isEqualTo("Shop");
    assertThat(sheet.findElement(By.cssSelector("[data-testid=payment-note]")).getText()).isEqualTo(name);
    assertThat(Wallets.balance(api, ann)).isEqualTo(20000);
    a.clickable("[data-testid=payment-confirm]").click();
    Wallets.wait(a.driver())
        .until(d -> d.findElements(By.cssSelector("[data-testid=message-list] [data-testid=app-card]"))
            .stream().anyMatch(c -> c.getText().contains("Order confirmed: " + name)));
    assertThat(Wallets.balance(api, ann)).isEqualTo(20000 - price);

    // View: the shop's page opens at that product, and its Buy opens the host's sheet again.
    first.findElement(By.cssSelector("[data-action-id=view]")).click();
    WebElement frame = a.visible("[data-testid=app-panel][data-app-id=shop] [data-testid=app-frame]");
    WebDriver driver = a.driver();
    driver.switchTo().frame(frame);
    Wallets.wait(driver)
        .until(d -> d.findElement(By.cssSelector("[data-testid=shop-detail-name]")).getText().equals(name));
    assertThat(cents(driver.findElement(By.cssSelector("[data-testid=shop-detail-price]")).getText())).isEqualTo(price);
    driver.findElement(By.cssSelector("[data-testid=shop-buy]")).click();
    Wallets.wait(driver)
        .until(d -> d.findElement(By.cssSelector("[data-testid=shop-status]")).getText().contains("Confirm"));
    driver.switchTo().defaultContent();
    WebElement again = a.visible("[data-testid=payment-sheet]");
    assertThat(cents(again.findElement(By.cssSelector("[data-testid=payment-amount]")).getText())).isEqualTo(price);
    a.clickable("[data-testid=payment-cancel]").click();
    assertThat(Wallets.balance(api, ann)).as("cancelled: nothing more moved").isEqualTo(20000 - price);

    // The page's catalogue with filters: words, a price range and a sort.
    driver.switchTo().frame(a.visible("[data-testid=app-frame]"));
    driver.findElement(By.cssSelector("[data-testid=shop-back]")).click();
    driver.findElement(By.cssSelector("[data-testid=shop-query]")).sendKeys("tents");
    driver.findElement(By.cssSelector("[data-testid=shop-max]")).sendKeys("300");
    new org.openqa.selenium.support.ui.Select(driver.findElement(By.cssSelector("[data-testid=shop-sort]")))
        .selectByValue("price-desc");
    List<WebElement> tents = Wallets.wait(driver).until(d -> {
      List<WebElement> items = d.findElements(By.cssSelector("[data-testid=shop-item]"));
      return !items.isEmpty() && items.stream().allMatch(i -> i.getText().contains("Tent")) ? items : null;
    });
    List<Long> prices = tents.stream().map(t -> cents(t.getText())).toList();
    assertThat(prices).allMatch(p -> p <= 30000).isSortedAccordingTo(java.util.Comparator.reverseOrder());
    assertThat(driver.findElement(By.cssSelector("[data-testid=shop-count]")).getText()).isEqualTo(
        tents.size() == 1 ? "1 product" : tents.size() + " products");
    driver.switchTo().defaultContent();
  }

  private static boolean loaded(WebDriver driver, WebElement image) {
    Object width = ((JavascriptExecutor) driver)
        .executeScript("return arguments[0].complete && arguments[0].naturalWidth", image);
    return width instanceof Number n && n.longValue() > 0;
  }

  private static long cents(String text) {
    Matcher m = PRICE.matcher(text);
    assertThat(m.find()).as("a price in %s", text).isTrue();
    return Long.parseLong(m.group(1)) * 100 + Long.parseLong(m.group(2));
  }
}
