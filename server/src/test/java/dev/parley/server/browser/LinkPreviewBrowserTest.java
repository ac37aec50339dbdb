package dev.parley.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.common.net.AddressPolicy;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * Link previews in real headless Chromium: Ann types a URL of a page this test serves on
 * 127.0.0.1 (the server's fetch lets loopback through only in tests), the composer shows its
 * preview, she sends, and Bob sees the preview card live, its image served by the platform.
 */
class LinkPreviewBrowserTest {

  private static final String PASSWORD = "correct horse battery";

  @RegisterExtension
  static final BrowserServer server = BrowserServer.parley(
      o -> o.getLinkPreviews().setAddressPolicy(AddressPolicy.loopbackToo()));

  @RegisterExtension
  final TestBrowsers browsers = server.browsers();

  private static Vertx vertx;
  private static HttpServer site;

  @BeforeAll
  static void startSite() throws Exception {
    vertx = Vertx.vertx();
    site = vertx.createHttpServer().requestHandler(r -> r.response().putHeader("Content-Type", "text/html")
        .end("<html><head><meta property=\"og:title\" content=\"Meter readings made easy\">"
            + "<meta property=\"og:description\" content=\"Send a photo of your meter.\">"
            + "<meta property=\"og:site_name\" content=\"Gas Co\"></head><body></body></html>"))
        .listen(0, "127.0.0.1").await(30, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stopSite() throws Exception {
    vertx.close().await(30, TimeUnit.SECONDS);
  }

  @Test
  void thePreviewShownInTheComposer_reachesTheOtherMember() {
    String n = Long.toString(ProcessHandle.current().pid() % 1000) + System.nanoTime() % 100_000;
    String ann = "ann" + n;
    String bob = "bob" + n;
    String group = "Meters " + n;
    ChatPage a = browsers.chat("ann-desktop", Chromium.Form.DESKTOP);
    ChatPage b = browsers.chat("bob-desktop", Chromium.Form.DESKTOP);
    a.signUp(ann, "Ann Archer", PASSWORD);
    b.signUp(bob, "Bob Baker", PASSWORD);
    a.awaitLive();
    b.awaitLive();
    a.createGroup(group, bob);

    String text = "Read this http://127.0.0.1:" + site.actualPort() + "/meters";
    WebElement box = a.clickable("#composer-input");
    box.click();
    box.sendKeys(text);
    WebElement card = a.visible("[data-testid=composer-link-preview]");
    assertThat(card.getText()).contains("Meter readings made easy").contains("Gas Co");
    box.sendKeys(Keys.ENTER);
    a.awaitMessage(text);

    b.openConversation(group);
    WebElement message = b.awaitMessage(text);
    WebElement preview = message.findElement(By.cssSelector("[data-testid=link-preview]"));
    assertThat(preview.getText()).contains("Meter readings made easy").contains("Send a photo of your meter.");
    assertThat(preview.getAttribute("href")).endsWith("/meters");
    assertThat(preview.getAttribute("rel")).isEqualTo("noopener noreferrer");
    assertThat(preview.getAttribute("target")).isEqualTo("_blank");
  }
}
