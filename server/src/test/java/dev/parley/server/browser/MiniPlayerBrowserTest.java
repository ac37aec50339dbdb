package dev.parley.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.ApiClient;
import dev.parley.core.Reply;
import dev.parley.core.TestApps;
import dev.parley.core.TestUser;
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
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The mini-player in Chromium: a page whose manifest says {@code "mini_player": true} asks to keep
 * running; closing its panel docks it (the app's name, the page's own line, Open and Stop), the
 * page keeps running (its counter, shown as the player's line, goes on rising) through a switch to
 * another conversation, and Open brings back the same page, never reloaded, in its conversation.
 */
class MiniPlayerBrowserTest {

  private static final String PAGE = """
      <!doctype html>
      <html><head><meta charset="utf-8"><title>Ticker</title></head>
      <body><p id="status">loading</p><p id="ticks">0</p><p id="loaded"></p><p id="docked"></p>
      <script type="module" src="app.js"></script></body></html>
      """;

  // A stand-in for a player: a position that advances while the page runs, told to the docked player.
  private static final String PAGE_JS = """
      import Parley from "/parley-sdk.js";
      const $ = (id) => document.getElementById(id);
      $("loaded").textContent = String(Math.random()).slice(2);
      let ticks = 0;
      const seen = [];
      try {
        await Parley.ready();
        Parley.miniPlayer.onChange(({ docked }) => { seen.push(docked); $("docked").textContent = seen.join(","); });
        await Parley.miniPlayer.set({ enabled: true, title: "position 0" });
        setInterval(() => {
          ticks += 1;
          $("ticks").textContent = String(ticks);
          Parley.miniPlayer.set({ enabled: true, title: "position " + ticks }).catch(() => {});
        }, 150);
        $("status").textContent = "ready";
      } catch (e) {
        $("status").textContent = "failed: " + e.code + " " + e.message;
      }
      """;

  @RegisterExtension
  static final BrowserServer server = BrowserServer.parley().withAdmin().baseHost("localhost");

  @RegisterExtension
  final TestBrowsers browsers = server.browsers();

  private static ApiClient api;

  @BeforeAll
  static void client() {
    api = server.api();
  }

  @Test
  void aClosedPanel_keepsRunningDocked_throughAnotherConversation_andReopens() {
    String appId = TestApps.appId(api, "ticker");
    TestApps.createApp(api, server.developer(), appId);
    Map<String, byte[]> files = TestApps.files(appId, "1.0.0");
    JsonObject manifest = TestApps.manifest(appId, "1.0.0").put("mini_player", true);
    files.put("manifest.json", manifest.encodePrettily().getBytes(StandardCharsets.UTF_8));
    files.put("ui/index.html", PAGE.getBytes(StandardCharsets.UTF_8));
    files.put("ui/app.js", PAGE_JS.getBytes(StandardCharsets.UTF_8));
    TestApps.publish(api, server.developer(), server.admin(), appId, "1.0.0", TestApps.zip(files));

    TestUser ann = api.signUp("ann");
    TestUser bob = api.signUp("bob");
    String listening = api.group(ann, "Listening " + appId, bob).getString("id");
    api.group(ann, "Elsewhere " + appId, bob);
    Reply installed = api.post("/api/conversations/" + listening + "/apps", ann,
        new JsonObject().put("appId", appId));
    assertThat(installed.status()).as("%s", installed).isEqualTo(201);

    WebDriver driver = browsers.open(ann.username());
    ChatPage page = new ChatPage(driver, server.baseUrl());
    page.signIn(ann.username(), ApiClient.PASSWORD);
    page.awaitLive();
    driver.get(server.baseUrl() + "/c/" + listening + "?app=" + appId);
    page.markDocument();
    driver.switchTo().frame(page.visible("[data-testid=app-panel] [data-testid=app-frame]"));
    wait(driver).until(d -> d.findElement(By.id("status")).getText().equals("ready"));
    String loaded = driver.findElement(By.id("loaded")).getText();
    driver.switchTo().defaultContent();

    page.clickable("[data-testid=app-panel-close]").click();
    page.visible("[data-testid=mini-player]");
    assertThat(driver.findElements(By.cssSelector("[data-testid=app-panel]"))).isEmpty();
    assertThat(page.visible("[data-testid=mini-player]").getText()).contains("App " + appId);
    int docked = position(page);
    wait(driver).until(d -> position(page) > docked);

    page.openConversation("Elsewhere " + appId);
    int elsewhere = position(page);
    wait(driver).until(d -> position(page) > elsewhere);
    assertThat(page.all("[data-testid=mini-player-stop]")).hasSize(1);

    page.clickable("[data-testid=mini-player-open]").click();
    page.awaitOpenConversation("Listening " + appId);
    driver.switchTo().frame(page.visible("[data-testid=app-panel] [data-testid=app-frame]"));
    assertThat(driver.findElement(By.id("loaded")).getText()).as("the same page, never reloaded").isEqualTo(loaded);
    wait(driver).until(d -> d.findElement(By.id("docked")).getText().equals("true,false"));
    assertThat(Integer.parseInt(driver.findElement(By.id("ticks")).getText())).isGreaterThan(elsewhere);
    driver.switchTo().defaultContent();
    assertThat(page.notReloaded()).as("the messenger never reloaded either").isTrue();

    page.clickable("[data-testid=app-panel-close]").click();
    page.clickable("[data-testid=mini-player-stop]").click();
    wait(driver).until(d -> d.findElements(By.cssSelector("[data-testid=mini-player]")).isEmpty()
        && d.findElements(By.cssSelector("[data-testid=app-frame]")).isEmpty());
  }

  /** The page's position, as the docked player shows it ("position 12"). */
  private static int position(ChatPage page) {
    String line = page.visible("[data-testid=mini-player-title]").getText();
    return line.startsWith("position ") ? Integer.parseInt(line.substring(9).trim()) : -1;
  }

  private static WebDriverWait wait(WebDriver driver) {
    WebDriverWait w = new WebDriverWait(driver, Duration.ofSeconds(20), Duration.ofMillis(50));
    w.ignoring(StaleElementReferenceException.class);
    w.ignoring(org.openqa.selenium.NoSuchElementException.class);
    w.ignoring(NumberFormatException.class);
    return w;
  }
}
