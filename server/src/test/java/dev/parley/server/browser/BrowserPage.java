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
 * What every page object does with its browser: opens paths of the server, and waits for elements
 * by CSS selector. Every wait is for a real state of the page; nothing sleeps.
 */
abstract class BrowserPage {

  static final Duration TIMEOUT = Duration.ofSeconds(20);

  private final WebDriver driver;
  private final String baseUrl;
  /** Polls every 50 ms for {@link #TIMEOUT}, ignoring elements that went stale meanwhile. */
  protected final WebDriverWait wait;

  BrowserPage(WebDriver driver, String baseUrl) {
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

  /** Waits until the page shows {@code username} as the signed-in account. */
  void awaitSignedIn(String username) {
    wait.until(
        ExpectedConditions.attributeToBe(By.cssSelector("[data-testid=current-user]"), "data-username", username));
  }
}
