package dev.parley.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.ApiClient;
import dev.parley.core.Reply;
import dev.parley.core.TestUser;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;

/**
 * Files in apps in headless Chromium, with the meter sample (published at start): a card asks for
 * a photo with a request_file button; the member who presses it picks a photo (a PNG drawn on a
 * canvas, set on the button's file input), it uploads with tus, the consent sheet asks for
 * files.receive, and once allowed the app's answer shows the photo — to him and, live, to the
 * other member, whose browser loads the image.
 */
class MeterBrowserTest {

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
  void aMemberSendsAPhotoThroughTheCardsButton_andBothSeeTheAppShowIt() {
    TestUser ann = api.signUp("ann");
    TestUser bob = api.signUp("bob");
    String title = "Meter " + ann.username();
    String group = api.group(ann, title, bob).getString("id");
    Reply installed = api.post("/api/conversations/" + group + "/apps", ann, new JsonObject().put("appId", "meter"));
    assertThat(installed.status()).as("the meter sample is published at start: %s", installed).isBetween(200, 201);
    Reply consent = api.post("/api/apps/meter/consent", ann,
        new JsonObject().put("permissions", new JsonArray().add("cards.post").add("files.receive")));
    assertThat(consent.status()).as("%s", consent).isEqualTo(200);
    Reply asked = api.post("/api/conversations/" + group + "/commands", ann, new JsonObject().put("text", "/meter"));
    assertThat(asked.status()).as("%s", asked).isEqualTo(200);

    ChatPage a = browsers.chat("ann");
    ChatPage b = browsers.chat("bob");
    a.signIn(ann.username(), ApiClient.PASSWORD);
    b.signIn(bob.username(), ApiClient.PASSWORD);
    a.awaitLive();
    b.awaitLive();
    a.openConversation(title);
    b.openConversation(title);

    WebElement button = b.clickable("[data-testid=card-button][data-type=request_file]");
    assertThat(button.getAttribute("data-accept")).isEqualTo("image/*");
    button.click(); // the picker (headless: none shows); the photo is set on its input
    ((JavascriptExecutor) b.driver()).executeAsyncScript("""
        const done = arguments[arguments.length - 1];
        const c = document.createElement('canvas');
        c.width = 320; c.height = 200;
        const g = c.getContext('2d');
        g.fillStyle = '#234'; g.fillRect(0, 0, 320, 200);
        g.fillStyle = '#fff'; g.font = '48px sans-serif'; g.fillText('04217', 80, 120);
        c.toBlob((blob) => {
          const dt = new DataTransfer();
          dt.items.add(new File([blob], 'meter.png', { type: 'image/png' }));
          const input = document.querySelector('[data-testid=card-file-input]');
          input.files = dt.files;
          input.dispatchEvent(new Event('change', { bubbles: true }));
          done(true);
        }, 'image/png');
        """);

    // Bob never decided about files.receive: the consent sheet asks, Allow sends the same file again.
    WebElement sheet = b.visible("[data-testid=consent-sheet]");
    assertThat(sheet.findElements(By.cssSelector("[data-testid=consent-permission]")))
        .extracting(e -> e.getAttribute("data-permission")).contains("files.receive");
    b.clickable("[data-testid=consent-allow]").click();

    for (ChatPage page : new ChatPage[] {b, a}) {
      WebElement answer = page.wait.until(d -> d.findElements(By.cssSelector("[data-testid=app-card]")).stream()
          .filter(c -> c.getText().contains("Meter reading received")).findFirst().orElse(null));
      assertThat(answer.getText()).contains("meter.png").contains("PNG");
      WebElement image = answer.findElement(By.cssSelector("[data-testid=card-file][data-kind=image] img"));
      page.wait.until(d -> Boolean.TRUE.equals(((JavascriptExecutor) d)
          .executeScript("return arguments[0].complete && arguments[0].naturalWidth > 0;", image)));
    }
  }
}
