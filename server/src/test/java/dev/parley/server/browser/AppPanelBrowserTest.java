package dev.parley.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.ApiClient;
import dev.parley.core.Reply;
import dev.parley.core.TestApps;
import dev.parley.core.TestUser;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * An app's page in the messenger's panel, end to end in headless Chromium: the deep link opens
 * the conversation with the app's page, served from the app's own origin
 * ({@code <appId>.apps.localhost}); the page's SDK gets the signed launch parameters with the
 * deep link's start parameter, draws the host's main button, and through the bridge and the
 * broker posts a card that appears in the conversation, labelled with the app; a call for a
 * permission the user did not grant is refused inside the page.
 */
class AppPanelBrowserTest {

  private static final String PAGE = """
      <!doctype html>
      <html><head><meta charset="utf-8"><title>Panel app</title></head>
      <body><p id="status">loading</p><p id="params"></p><p id="refused"></p>
      <script type="module" src="app.js"></script></body></html>
      """;

  private static final String PAGE_JS = """
      import Parley from "/parley-sdk.js";
      const status = document.getElementById("status");
      try {
        await Parley.ready();
        document.getElementById("params").textContent = "start=" + Parley.launchParams.startParam
            + " app=" + Parley.launchParams.appId;
        await Parley.mainButton.set({ text: "Post from the page", visible: true });
        Parley.mainButton.onClick(async () => {
          try {
            const answer = await Parley.call("cards.post", { card: { title: "From the page", text: "posted by the panel" } });
            status.textContent = "posted";
            try {
              await Parley.call("profile.read", {});
              document.getElementById("refused").textContent = "not refused";
            } catch (e) {
              document.getElementById("refused").textContent = "refused: " + e.code + " " + e.message;
            }
          } catch (e) {
            status.textContent = "failed: " + e.code + " " + e.message;
          }
        });
        status.textContent = "ready";
      } catch (e) {
        status.textContent = "failed: " + e.code + " " + e.message;
      }
      """;

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
  void deepLinkOpensThePage_whoseSdkPostsACardThroughTheBroker() {
    String appId = TestApps.appId(api, "panel");
    TestApps.createApp(api, server.developer(), appId);
    Map<String, byte[]> files = TestApps.files(appId, "1.0.0");
    JsonObject manifest = TestApps.manifest(appId, "1.0.0", "cards.post", "profile.read")
        .put("pages", new JsonArray().add("ui/index.html"));
    files.put("manifest.json", manifest.encodePrettily().getBytes(StandardCharsets.UTF_8));
    files.put("ui/index.html", PAGE.getBytes(StandardCharsets.UTF_8));
    files.put("ui/app.js", PAGE_JS.getBytes(StandardCharsets.UTF_8));
    TestApps.publish(api, server.developer(), server.admin(), appId, "1.0.0", TestApps.zip(files));

    TestUser ann = api.signUp("ann");
    String title = "Panel room " + appId;
    String group = api.group(ann, title).getString("id");
    Reply installed = api.post("/api/conversations/" + group + "/apps", ann, new JsonObject().put("appId", appId));
    assertThat(installed.status()).as("%s", installed).isEqualTo(201);
    // Ann allows posting cards, and says no to reading her profile.
    api.post("/api/apps/" + appId + "/consent", ann,
        new JsonObject().put("permissions", new JsonArray().add("cards.post")));
    api.delete("/api/apps/" + appId + "/consent/profile.read", ann);

    WebDriver driver = browsers.open("ann");
    ChatPage a = new ChatPage(driver, server.baseUrl());
    a.signIn(ann.username(), ApiClient.PASSWORD);
    a.awaitLive();
    driver.get(server.baseUrl() + "/c/" + group + "?app=" + appId + "&start=from-a-link");

    WebElement frame = a.visible("[data-testid=app-panel][data-app-id='" + appId + "'] [data-testid=app-frame]");
    assertThat(frame.getAttribute("src")).startsWith("http://" + appId + ".apps.localhost:" + server.port() + "/");
    assertThat(frame.getAttribute("sandbox")).contains("allow-scripts");

    driver.switchTo().frame(frame);
    wait(driver).until(d -> d.findElement(By.id("status")).getText().equals("ready")
        || d.findElement(By.id("status")).getText().startsWith("failed"));
    assertThat(driver.findElement(By.id("status")).getText()).isEqualTo("ready");
    assertThat(driver.findElement(By.id("params")).getText()).isEqualTo("start=from-a-link app=" + appId);
    driver.switchTo().defaultContent();

    // The host draws the page's main button; pressing it reaches the page, which posts a card.
    WebElement main = a.clickable("[data-testid=app-main-button]");
    assertThat(main.getText()).isEqualTo("Post from the page");
    main.click();
    WebElement card = wait(driver)
        .until(d -> d.findElements(By.cssSelector("[data-testid=message-list] [data-testid=app-card]"))
            .stream().filter(c -> c.getText().contains("From the page")).findFirst().orElse(null));
    assertThat(card.getText()).contains("posted by the panel").contains("via App " + appId);

    driver.switchTo().frame(a.visible("[data-testid=app-frame]"));
    wait(driver).until(d -> !d.findElement(By.id("refused")).getText().isEmpty());
    // the page learns the bridge's error code; the words are the messenger's (errors in words, issue 18)
    assertThat(driver.findElement(By.id("refused")).getText()).startsWith("refused: refused");
    driver.switchTo().defaultContent();
  }

  private static WebDriverWait wait(WebDriver driver) {
    WebDriverWait w = new WebDriverWait(driver, Duration.ofSeconds(20), Duration.ofMillis(50));
    w.ignoring(StaleElementReferenceException.class);
    w.ignoring(org.openqa.selenium.NoSuchElementException.class);
    return w;
  }
}
