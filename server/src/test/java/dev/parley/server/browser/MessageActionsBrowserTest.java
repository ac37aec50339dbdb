package dev.parley.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Message actions in two real Chromium browsers: Bob replies to Ann's message with a quote, Ann
 * edits hers, Bob reacts, Ann forwards Bob's reply into another group, then deletes her message;
 * each sees the other's action arrive live, without reloading.
 */
class MessageActionsBrowserTest {

  private static final String PASSWORD = "correct horse battery";
  private static final AtomicInteger NAMES = new AtomicInteger();

  @RegisterExtension
  static final BrowserServer server = BrowserServer.parley();

  @RegisterExtension
  final TestBrowsers browsers = server.browsers();

  private static String unique(String base) {
    return base + ProcessHandle.current().pid() % 1000 + "y" + NAMES.incrementAndGet();
  }

  private static WebDriverWait waitOn(ChatPage page) {
    WebDriverWait wait = new WebDriverWait(page.driver(), Duration.ofSeconds(30), Duration.ofMillis(50));
    wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
    return wait;
  }

  /** Opens the "⋯" menu of a message (shown on hover; clicked by script) and clicks one of its items. */
  private static void menu(ChatPage page, WebElement message, String item) {
    JavascriptExecutor js = (JavascriptExecutor) page.driver();
    js.executeScript("arguments[0].click();", message.findElement(By.cssSelector("[data-testid=message-menu]")));
    WebElement action = waitOn(page).until(d -> message.findElements(By.cssSelector(item)).stream().findFirst()
        .orElse(null));
    js.executeScript("arguments[0].click();", action);
  }

  @Test
  void replyEditReactForwardAndDelete_areSeenLiveByTheOther() {
    String ann = unique("ann");
    String bob = unique("bob");
    String group = "Plans " + NAMES.get();
    String other = "Elsewhere " + NAMES.get();
    ChatPage a = browsers.chat("ann");
    ChatPage b = browsers.chat("bob");
    a.signUp(ann, "Ann Archer", PASSWORD);
    b.signUp(bob, "Bob Baker", PASSWORD);
    a.awaitLive();
    b.awaitLive();
    a.markDocument();
    b.markDocument();

    a.createGroup(group, bob);
    a.send("Dinner at eight?");
    a.awaitMessage("Dinner at eight?");
    b.awaitUnreadAtLeast(group, 1);
    b.openConversation(group);

    // Bob replies with a quote of Ann's message; Ann sees the quote in his bubble.
    menu(b, b.awaitMessage("Dinner at eight?"), "[data-testid=action-reply]");
    b.visible("[data-testid=quote-bar]");
    b.send("Make it nine");
    WebElement reply = a.awaitMessage("Make it nine");
    assertThat(waitOn(a).until(d -> reply.findElement(By.cssSelector("[data-testid=reply-quote]"))).getText())
        .contains("Ann Archer").contains("Dinner at eight?");

    // Ann edits hers (↑ in the empty composer takes her last message); Bob sees it edited.
    menu(a, a.awaitMessage("Dinner at eight?"), "[data-testid=action-edit]");
    WebElement box = a.clickable("#composer-input");
    waitOn(a).until(d -> "Dinner at eight?".equals(box.getAttribute("value")));
    box.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
    a.send("Dinner at nine?");
    WebElement edited = b.awaitMessage("Dinner at nine?");
    assertThat(waitOn(b).until(d -> edited.findElement(By.cssSelector("[data-testid=edited-mark]"))).getText())
        .isEqualTo("edited");

    // Bob reacts; Ann sees the count under the message, and who reacted.
    menu(b, edited, "[data-testid=quick-reaction][data-emoji='👍']");
    WebElement reaction = waitOn(a).until(d -> a.awaitMessage("Dinner at nine?")
        .findElements(By.cssSelector("[data-testid=reaction][data-emoji='👍']")).stream().findFirst().orElse(null));
    assertThat(reaction.getText()).contains("1");
    assertThat(reaction.getAttribute("title")).contains("Bob Baker");

    // Ann forwards Bob's reply into another group with Bob; he sees it labelled there.
    a.createGroup(other, bob);
    a.openConversation(group);
    menu(a, a.awaitMessage("Make it nine"), "[data-testid=action-forward]");
    a.clickable("[data-testid=forward-dialog] [data-testid=forward-target][data-conversation-id]");
    a.all("[data-testid=forward-dialog] [data-testid=forward-target]").stream()
        .filter(t -> t.getText().contains(other)).findFirst().orElseThrow().click();
    b.openConversation(other);
    WebElement forwarded = b.awaitMessage("Make it nine");
    assertThat(forwarded.findElement(By.cssSelector("[data-testid=forwarded-label]")).getText())
        .isEqualTo("Forwarded from Bob Baker");

    // Ann deletes her message (after a confirm); Bob sees the tombstone.
    b.openConversation(group);
    menu(a, a.awaitMessage("Dinner at nine?"), "[data-testid=action-delete]");
    waitOn(a).until(ExpectedConditions.alertIsPresent()).accept();
    b.awaitMessage("This message was deleted");
    assertThat(b.messages().stream().map(m -> m.getText()).toList()).noneMatch(t -> t.contains("Dinner at nine?"));

    assertThat(a.notReloaded()).isTrue();
    assertThat(b.notReloaded()).isTrue();
  }
}
