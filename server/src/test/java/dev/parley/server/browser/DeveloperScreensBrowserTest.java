package dev.parley.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.ApiClient;
import dev.parley.core.TestApps;
import dev.parley.core.TestUser;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The developer screens in Chromium: a developer signed in to the messenger sees their app, its
 * versions with their review status (live, in review), usage and logs, and creates an API token
 * (shown once), lists and revokes it, without curl; a person without the role sees no way in.
 */
class DeveloperScreensBrowserTest {

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
  void aDeveloperSeesTheirAppsVersionsReviewsAndManagesTokens() {
    TestUser dev = server.developer();
    String appId = TestApps.appId(api, "devscreen");
    TestApps.createApp(api, dev, appId);
    TestApps.publish(api, dev, server.admin(), appId, "1.0.0");
    assertThat(TestApps.upload(api, dev, appId, TestApps.bundle(appId, "1.1.0")).status()).isEqualTo(201);
    assertThat(api.post("/api/developer/apps/" + appId + "/versions/1.1.0/submit", dev, new JsonObject()).status())
        .isEqualTo(200);

    ChatPage page = browsers.chat("dev");
    page.signIn(dev.username(), ApiClient.PASSWORD);
    page.awaitLive();
    page.clickable("[data-testid=developer-open]").click();
    WebElement app = Wallets.wait(page.driver()).until(d -> d.findElements(By.cssSelector(
        "[data-testid=developer-app]")).stream().filter(e -> e.getText().equals("App " + appId)).findFirst()
        .orElse(null));
    assertThat(page.visible("[data-testid=developer-apps]").getText()).contains("Live: 1.0.0");
    app.click();
    page.visible("[data-testid=developer-app-detail][data-app-id='" + appId + "']");
    WebElement live = page.visible("[data-testid=developer-version][data-state=approved]");
    assertThat(live.getText()).contains("1.0.0").contains("Approved").contains("live");
    assertThat(page.visible("[data-testid=developer-version][data-state=in_review]").getText())
        .contains("1.1.0").contains("In review");
    assertThat(page.visible("[data-testid=developer-usage]").getText()).contains("Launches");

    // A token: shown once, then only its name in the list; revoked, it no longer works.
    page.visible("[data-testid=token-name]").sendKeys("laptop");
    page.clickable("[data-testid=token-create]").click();
    String secret = page.visible("[data-testid=token-secret]").getText();
    assertThat(secret).isNotBlank();
    Wallets.wait(page.driver()).until(d -> d.findElements(By.cssSelector("[data-testid=token]")).stream()
        .anyMatch(e -> e.getText().contains("laptop")));
    assertThat(page.visible("[data-testid=token-list]").getText()).doesNotContain(secret);
    JsonArray tokens = api.get("/api/tokens", dev).array();
    assertThat(tokens).hasSize(1);
    page.clickable("[data-testid=token-revoke]").click();
    Wallets.wait(page.driver()).until(d -> d.findElements(By.cssSelector("[data-testid=token]")).isEmpty()
        && d.findElements(By.cssSelector("[data-testid=token-fresh]")).isEmpty());
    assertThat(api.get("/api/tokens", dev).array()).isEmpty();

    TestUser person = api.signUp("person");
    ChatPage other = browsers.chat("person");
    other.signIn(person.username(), ApiClient.PASSWORD);
    other.awaitLive();
    assertThat(other.all("[data-testid=developer-open]")).as("no developer role: no way in").isEmpty();
  }
}
