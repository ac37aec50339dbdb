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
 * Listening together, end to end in two headless Chromiums: both members open the app's page in
 * their group; each page syncs its clock with the host's; the first page uploads a WAV it made
 * (the messenger posts it, the platform checks and stores it) and plays it from its URL on the
 * app's origin (CSP, CORP and ranges as a real media element needs them); its broadcast reaches
 * the other member's page through the live socket, the messenger and the bridge.
 */
class ListenTogetherBrowserTest {

  private static final String PAGE = """
      <!doctype html>
      <html><head><meta charset="utf-8"><title>Listen</title></head>
      <body><p id="status">loading</p><p id="clock"></p><p id="heard"></p><p id="media"></p>
      <audio id="player" preload="metadata"></audio>
      <script type="module" src="app.js"></script></body></html>
      """;

  private static final String PAGE_JS = """
      import Parley from "/parley-sdk.js";
      const $ = (id) => document.getElementById(id);
      function wav(samples) {
        const b = new DataView(new ArrayBuffer(44 + samples * 2));
        const text = (at, s) => [...s].forEach((c, i) => b.setUint8(at + i, c.charCodeAt(0)));
        text(0, "RIFF"); b.setUint32(4, 36 + samples * 2, true); text(8, "WAVE");
        text(12, "fmt "); b.setUint32(16, 16, true); b.setUint16(20, 1, true); b.setUint16(22, 1, true);
        b.setUint32(24, 8000, true); b.setUint32(28, 16000, true); b.setUint16(32, 2, true); b.setUint16(34, 16, true);
        text(36, "data"); b.setUint32(40, samples * 2, true);
        for (let i = 0; i < samples; i++) b.setInt16(44 + i * 2, Math.sin(2 * Math.PI * 440 * i / 8000) * 8000, true);
        return b.buffer;
      }
      try {
        Parley.onBroadcast((data) => { $("heard").textContent = JSON.stringify(data); });
        await Parley.ready();
        const { offsetMs, rttMs } = await Parley.syncClock();
        $("clock").textContent = Math.abs(Parley.now() - Date.now()) < 5000 && rttMs >= 0 && Parley.clockSynced
            ? "synced" : "odd " + offsetMs + " " + rttMs;
        Parley.mainButton.set({ text: "Share a tone", visible: true });
        Parley.mainButton.onClick(async () => {
          try {
            const media = await Parley.media.upload(wav(16000), { name: "tone.wav" });
            const player = $("player");
            player.addEventListener("loadedmetadata", () => {
              $("media").textContent = media.contentType + " " + player.duration.toFixed(1) + " s";
            });
            player.addEventListener("error", () => { $("media").textContent = "player error " + player.error.code; });
            player.src = media.url;
            await Parley.call("pages.broadcast", { data: { action: "play", id: media.id, at: Parley.now() } });
          } catch (e) {
            $("media").textContent = "failed: " + e.code + " " + e.message;
          }
        });
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
  void aPageUploadsAndPlaysATrack_andItsBroadcastReachesTheOtherMembersPage() {
    String appId = TestApps.appId(api, "listen");
    TestApps.createApp(api, server.developer(), appId);
    Map<String, byte[]> files = TestApps.files(appId, "1.0.0");
    JsonObject manifest = TestApps.manifest(appId, "1.0.0", "media.upload");
    files.put("manifest.json", manifest.encodePrettily().getBytes(StandardCharsets.UTF_8));
    files.put("ui/index.html", PAGE.getBytes(StandardCharsets.UTF_8));
    files.put("ui/app.js", PAGE_JS.getBytes(StandardCharsets.UTF_8));
    TestApps.publish(api, server.developer(), server.admin(), appId, "1.0.0", TestApps.zip(files));

    TestUser ann = api.signUp("ann");
    TestUser bob = api.signUp("bob");
    String group = api.group(ann, "Listening " + appId, bob).getString("id");
    Reply installed = api.post("/api/conversations/" + group + "/apps", ann, new JsonObject().put("appId", appId));
    assertThat(installed.status()).as("%s", installed).isEqualTo(201);
    for (TestUser u : new TestUser[] {ann, bob}) {
      api.post("/api/apps/" + appId + "/consent", u,
          new JsonObject().put("permissions", new JsonArray().add("media.upload")));
    }

    WebDriver bobDriver = open(bob, group, appId);
    WebDriver annDriver = open(ann, group, appId);

    ChatPage a = new ChatPage(annDriver, server.baseUrl());
    a.clickable("[data-testid=app-main-button]").click();
    annDriver.switchTo().frame(a.visible("[data-testid=app-frame]"));
    wait(annDriver).until(d -> !d.findElement(By.id("media")).getText().isEmpty());
    assertThat(annDriver.findElement(By.id("media")).getText()).isEqualTo("audio/wav 2.0 s");
    annDriver.switchTo().defaultContent();

    bobDriver.switchTo().frame(new ChatPage(bobDriver, server.baseUrl()).visible("[data-testid=app-frame]"));
    wait(bobDriver).until(d -> !d.findElement(By.id("heard")).getText().isEmpty());
    JsonObject heard = new JsonObject(bobDriver.findElement(By.id("heard")).getText());
    assertThat(heard.getString("action")).isEqualTo("play");
    assertThat(heard.getString("id")).hasSize(20);
    bobDriver.switchTo().defaultContent();
  }

  /** Signs in, opens the app's page in the group by deep link, and waits until the page is ready and synced. */
  private WebDriver open(TestUser user, String group, String appId) {
    WebDriver driver = browsers.open(user.username());
    ChatPage page = new ChatPage(driver, server.baseUrl());
    page.signIn(user.username(), ApiClient.PASSWORD);
    page.awaitLive();
    driver.get(server.baseUrl() + "/c/" + group + "?app=" + appId);
    WebElement frame = page.visible("[data-testid=app-panel][data-app-id='" + appId + "'] [data-testid=app-frame]");
    assertThat(frame.getAttribute("allow")).isEqualTo("autoplay");
    driver.switchTo().frame(frame);
    wait(driver).until(d -> !d.findElement(By.id("status")).getText().equals("loading")
        && !d.findElement(By.id("clock")).getText().isEmpty());
    assertThat(driver.findElement(By.id("status")).getText()).isEqualTo("ready");
    assertThat(driver.findElement(By.id("clock")).getText()).isEqualTo("synced");
    driver.switchTo().defaultContent();
    return driver;
  }

  private static WebDriverWait wait(WebDriver driver) {
    WebDriverWait w = new WebDriverWait(driver, Duration.ofSeconds(20), Duration.ofMillis(50));
    w.ignoring(StaleElementReferenceException.class);
    w.ignoring(org.openqa.selenium.NoSuchElementException.class);
    return w;
  }
}
