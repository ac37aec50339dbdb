package dev.parley.server.browser;

import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The admin console as an admin uses it, through the ids and data-testid attributes admin-ui keeps
 * stable for tests. Every wait is for a real state of the page; nothing sleeps.
 */
final class AdminPage {

  static final Duration TIMEOUT = Duration.ofSeconds(20);

  private final WebDriver driver;
  private final String baseUrl;
  private final WebDriverWait wait;

  AdminPage(WebDriver driver, String baseUrl) {
    this.driver = driver;
    this.baseUrl = baseUrl;
    this.wait = new WebDriverWait(driver, TIMEOUT, Duration.ofMillis(50));
    wait.ignoring(StaleElementReferenceException.class);
  }

  WebDriver driver() {
    return driver;
  }

  void open(String path) {
    driver.get(baseUrl + path);
  }

  WebElement visible(String css) {
    return wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
  }

  WebElement clickable(String css) {
    return wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(css)));
  }

  List<WebElement> all(String css) {
    return driver.findElements(By.cssSelector(css));
  }

  /** Signs in on the public sign-in page that /admin shows, and waits for the console itself. */
  void signIn(String username, String password) {
    open("/admin");
    visible("#signin-username").sendKeys(username);
    visible("#signin-password").sendKeys(password);
    clickable("[data-testid=signin-submit]").click();
    awaitSignedIn(username);
  }

  void awaitSignedIn(String username) {
    wait.until(ExpectedConditions.attributeToBe(By.cssSelector("[data-testid=current-user]"), "data-username", username));
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
