package dev.parley.server.browser;

import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The admin console as an admin uses it, through the ids and data-testid attributes admin-ui keeps
 * stable for tests.
 */
final class AdminPage extends BrowserPage {

  AdminPage(WebDriver driver, String baseUrl) {
    super(driver, baseUrl);
  }

  /** Signs in on the public sign-in page that /admin shows, and waits for the console itself. */
  void signIn(String username, String password) {
    open("/admin");
    visible("#signin-username").sendKeys(username);
    visible("#signin-password").sendKeys(password);
    clickable("[data-testid=signin-submit]").click();
    awaitSignedIn(username);
  }

  /** The queue entry of a version, once the queue shows it. */
  WebElement queueItem(String appId, String version) {
    return visible("[data-testid=review-item][data-app-id='" + appId + "'][data-version='" + version + "']");
  }

  void openQueue() {
    clickable("[data-testid=nav-reviews]").click();
    visible("[data-testid=review-queue]");
  }

  /** Opens a version from the review queue and waits for its page. */
  void openFromQueue(String appId, String version) {
    openQueue();
    queueItem(appId, version).findElement(By.cssSelector("[data-testid=review-open]")).click();
    awaitVersionPage(appId, version);
  }

  void awaitVersionPage(String appId, String version) {
    visible("[data-testid=version-page][data-app-id='" + appId + "'][data-version='" + version + "']");
  }

  WebElement permission(String name) {
    return visible("[data-testid=permission][data-name='" + name + "']");
  }

  WebElement domain(String domain) {
    return visible("[data-testid=domain][data-domain='" + domain + "']");
  }

  /** The diff of one file, once its rows are there. */
  WebElement diffOf(String path) {
    WebElement file = visible("[data-testid=diff-file][data-path='" + path + "']");
    wait.until(d -> !file.findElements(By.cssSelector("[data-testid=diff-row]")).isEmpty());
    return file;
  }

  void approve() {
    clickable("[data-testid=approve]").click();
    awaitVersionState("approved");
  }

  void reject(String reason) {
    visible("[data-testid=reject-reason]").sendKeys(reason);
    clickable("[data-testid=reject]").click();
    awaitVersionState("rejected");
  }

  void awaitVersionState(String state) {
    wait.until(ExpectedConditions.attributeToBe(By.cssSelector("[data-testid=version-page]"), "data-state", state));
  }

  /** Finds an app through the Apps search and opens it. */
  void openApp(String appId) {
    clickable("[data-testid=nav-apps]").click();
    WebElement q = visible("[data-testid=apps-q]");
    q.clear();
    q.sendKeys(appId);
    clickable("[data-testid=apps-search]").click();
    visible("[data-testid=app-row][data-app-id='" + appId + "'] [data-testid=app-open]").click();
    visible("[data-testid=app-page][data-app-id='" + appId + "']");
  }

  void suspend(String reason) {
    visible("[data-testid=suspend-reason]").sendKeys(reason);
    clickable("[data-testid=suspend]").click();
    wait.until(ExpectedConditions.attributeToBe(By.cssSelector("[data-testid=app-page]"), "data-status", "suspended"));
  }
}
