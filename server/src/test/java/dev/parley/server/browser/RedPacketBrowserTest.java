package dev.parley.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.ApiClient;
import dev.parley.core.Reply;
import dev.parley.core.TestUser;
import dev.parley.server.ParleyServer;
import dev.parley.server.ServerOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A red packet in a group, in headless Chromium: a member sends one with the gifting sample's
 * {@code /packet 10.00 2 …}, sees the host's own confirmation sheet ("Red packet: €10.00 in 2
 * shares"), confirms there; the packet's card appears for everyone; two other members open it from
 * the card in their own browsers, the card follows live, and every wallet in the header updates
 * live. Nothing moves before the confirmation; the ledger reconciles clean.
 */
@ExtendWith(BrowserArtifacts.class)
class RedPacketBrowserTest implements BrowserArtifacts.Browsers {

  private static final String ROOT = "root";
  private static final String ROOT_PASSWORD = "root-password-1";

  private static Chromium chromium;
  private static Vertx vertx;
  private static ParleyServer server;
  private static ApiClient api;
  private static TestUser admin;
  private static Path dataDir;
  private static String baseUrl;

  private final Map<String, WebDriver> browsers = new LinkedHashMap<>();
  private final List<Path> profiles = new ArrayList<>();

  @BeforeAll
  static void startServer() throws Exception {
    chromium = Chromium.find();
    if (!chromium.available()) {
      System.err.println("RedPacketBrowserTest: no Chromium, the browser tests will be skipped (or fail on CI)");
      return;
    }
    BrowserArtifacts.clear(RedPacketBrowserTest.class);
    vertx = Vertx.vertx();
    dataDir = Files.createTempDirectory("parley-red-packet-browser-test-");
    ServerOptions options = new ServerOptions()
        .setHost("127.0.0.1")
        .setPort(0)
        .setDataDir(dataDir.toString())
        .setBootstrapAdmin(new JsonObject().put("username", ROOT).put("password", ROOT_PASSWORD));
    server = ParleyServer.start(vertx, options).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    // *.localhost resolves to the loopback address in Chromium: the messenger is localhost, apps <id>.apps.localhost.
    baseUrl = "http://localhost:" + server.port();
    api = new ApiClient(vertx, "127.0.0.1", server.port());
    admin = api.signIn(ROOT, ROOT_PASSWORD);
  }

  @AfterAll
  static void stopServer() throws Exception {
    try {
      if (api != null) {
        api.close();
      }
      if (server != null) {
        server.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      }
      if (vertx != null) {
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      }
    } finally {
      Chromium.deleteTree(dataDir);
    }
  }

  @BeforeEach
  void needsChromium() {
    chromium.require();
    browsers.clear();
  }

  @AfterEach
  void closeBrowsers() {
    for (WebDriver d : browsers.values()) {
      try {
        d.quit();
      } catch (RuntimeException e) {
        // already gone
      }
    }
    browsers.clear();
    profiles.forEach(Chromium::deleteTree);
    profiles.clear();
  }

  @Override
  public Map<String, WebDriver> openBrowsers() {
    return browsers;
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
          .add("payments.request").add("cards.post").add("storage.conversation")));
      assertThat(consent.status()).as("%s", consent).isEqualTo(200);
    }
    Reply topUp = api.post("/api/wallet/topups", ann, new JsonObject().put("currency", "EUR").put("amount", "20.00")
        .put("card", "4242424242424242").put("idempotencyKey", "top-" + ann.username()));
    assertThat(topUp.status()).as("%s", topUp).isEqualTo(201);

    ChatPage a = page("ann");
    ChatPage b = page("bob");
    ChatPage c = page("cid");
    a.signIn(ann.username(), ApiClient.PASSWORD);
    b.signIn(bob.username(), ApiClient.PASSWORD);
    c.signIn(cid.username(), ApiClient.PASSWORD);
    a.awaitLive();
    b.awaitLive();
    c.awaitLive();
    wait(a.driver()).until(d -> d.findElement(By.cssSelector("[data-testid=wallet-balance]")).getText().contains("20.00"));

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
    wait(a.driver()).until(d -> d.findElement(By.cssSelector("[data-testid=wallet-balance]")).getText().contains("10.00"));
    for (ChatPage p : List.of(a, b, c)) {
      wait(p.driver()).until(d -> cardText(d).contains("0 of 2 claimed"));
    }

    // Bob opens it in his browser: his wallet and everyone's card follow, live.
    openCard(b);
    wait(b.driver()).until(d -> d.findElement(By.cssSelector("[data-testid=wallet-balance]")).getText().contains("5.00"));
    wait(c.driver()).until(d -> cardText(d).contains("1 of 2 claimed"));
    // Cid opens it in hers: the last share.
    openCard(c);
    wait(c.driver()).until(d -> d.findElement(By.cssSelector("[data-testid=wallet-balance]")).getText().contains("5.00"));
    for (ChatPage p : List.of(a, b, c)) {
      wait(p.driver()).until(d -> cardText(d).contains("All 2 claimed"));
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
    assertThat(api.get("/api/admin/ledger/reconcile", admin).json().getBoolean("ok")).isTrue();
  }

  /** The text of the red packet's card in this browser, empty while there is none. */
  private static String cardText(WebDriver d) {
    return d.findElements(By.cssSelector("[data-testid=message-list] [data-testid=app-card]")).stream()
        .map(WebElement::getText).filter(t -> t.contains("Red packet")).reduce((x, y) -> y).orElse("");
  }

  private static void openCard(ChatPage p) {
    p.clickable("[data-testid=app-card] [data-testid=card-button][data-action-id=open]").click();
  }

  private ChatPage page(String name) {
    Path profile = Chromium.newProfileDir();
    profiles.add(profile);
    WebDriver driver = chromium.start(Chromium.Form.DESKTOP, profile);
    browsers.put(name, driver);
    return new ChatPage(driver, baseUrl);
  }

  /** The user's EUR balance in minor units, from the API. */
  private static long balance(TestUser user) {
    return api.get("/api/wallet", user).json().getJsonArray("wallets", new JsonArray()).stream()
        .map(w -> (JsonObject) w).filter(w -> "EUR".equals(w.getString("currency")))
        .mapToLong(w -> w.getLong("balanceMinor", 0L)).sum();
  }

  private static WebDriverWait wait(WebDriver driver) {
    WebDriverWait w = new WebDriverWait(driver, Duration.ofSeconds(20), Duration.ofMillis(50));
    w.ignoring(StaleElementReferenceException.class);
    w.ignoring(org.openqa.selenium.NoSuchElementException.class);
    return w;
  }
}
