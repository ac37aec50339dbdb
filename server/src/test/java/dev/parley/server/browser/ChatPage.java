package dev.parley.server.browser;

import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The messenger as one person uses it, through the ids and data-testid attributes that chat-ui
 * keeps stable for tests.
 */
final class ChatPage extends BrowserPage {

  ChatPage(WebDriver driver, String baseUrl) {
    super(driver, baseUrl);
  }

  void signUp(String username, String displayName, String password) {
    open("/");
    clickable("[data-testid=auth-tab-signup]").click();
    visible("#signup-username").sendKeys(username);
    visible("#signup-displayname").sendKeys(displayName);
    visible("#signup-password").sendKeys(password);
    clickable("[data-testid=signup-submit]").click();
    awaitSignedIn(username);
  }

  void signIn(String username, String password) {
    open("/");
    visible("#signin-username").sendKeys(username);
    visible("#signin-password").sendKeys(password + Keys.ENTER);
    awaitSignedIn(username);
  }

  /** Waits until the live channel has resumed and said {@code ready}. */
  void awaitLive() {
    wait.until(
        ExpectedConditions.attributeToBe(By.cssSelector("[data-testid=connection-status]"), "data-state", "open"));
  }

  /** Marks the document, so that a later {@link #assertNotReloaded} notices any reload or navigation. */
  void markDocument() {
    ((JavascriptExecutor) driver()).executeScript("window.__parleyTestMark = 'still-here';");
  }

  boolean notReloaded() {
    return "still-here"
        .equals(((JavascriptExecutor) driver()).executeScript("return window.__parleyTestMark || null;"));
  }

  void createGroup(String title, String... usernames) {
    clickable("[data-testid=new-group]").click();
    visible("#group-title").sendKeys(title);
    for (String username : usernames) {
      WebElement search = visible("#people-search");
      search.clear();
      search.sendKeys(username);
      clickable("[data-testid=person-option][data-username='" + username + "']").click();
      wait.until(ExpectedConditions.elementSelectionStateToBe(
          By.cssSelector("[data-testid=person-option][data-username='" + username + "'] input"), true));
    }
    clickable("[data-testid=create-group-submit]").click();
    awaitOpenConversation(title);
  }

  void awaitOpenConversation(String title) {
    wait.until(ExpectedConditions.textToBe(By.cssSelector("[data-testid=conversation-heading]"), title));
  }

  /** The list entry of a conversation, once it is there. */
  WebElement conversationItem(String title) {
    return wait.until(d -> d.findElements(By.cssSelector("[data-testid=conversation-item]")).stream()
        .filter(e -> title.equals(e.getAttribute("data-title")))
        .findFirst().orElse(null));
  }

  int unread(String title) {
    return Integer.parseInt(conversationItem(title).getAttribute("data-unread"));
  }

  void awaitUnreadAtLeast(String title, int n) {
    wait.until(d -> unread(title) >= n);
  }

  void awaitUnread(String title, int n) {
    wait.until(d -> unread(title) == n);
  }

  void openConversation(String title) {
    conversationItem(title).click();
    awaitOpenConversation(title);
  }

  /** Types into the composer and presses Enter. Newlines in {@code text} are typed as Shift+Enter. */
  void send(String text) {
    WebElement box = clickable("#composer-input");
    box.click();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (i > 0) {
        box.sendKeys(Keys.chord(Keys.SHIFT, Keys.ENTER));
      }
      box.sendKeys(lines[i]);
    }
    box.sendKeys(Keys.ENTER);
    wait.until(d -> box.getAttribute("value").isEmpty());
  }

  /** Waits for a delivered message (not a pending one) with exactly this text, and returns it. */
  WebElement awaitMessage(String text) {
    return wait.until(d -> messages().stream()
        .filter(m -> "sent".equals(m.getAttribute("data-status")))
        .filter(m -> text.equals(m.findElement(By.cssSelector("[data-testid=message-text]")).getText()))
        .findFirst().orElse(null));
  }

  List<WebElement> messages() {
    return all("[data-testid=message-list] [data-testid=message]");
  }

  void back() {
    clickable("[data-testid=back]").click();
    visible("[data-testid=conversation-list]");
  }
}
