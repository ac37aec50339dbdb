package dev.parley.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.ApiClient;
import dev.parley.core.TestUser;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The one search box in headless Chromium: a word typed in it finds an old message of a group
 * (older than the page a conversation opens with), shown with the word in {@code <mark>}; a click
 * opens the conversation scrolled to that message, with the messages around it loaded, and the
 * message marked. The keyboard reaches the same hit.
 */
class SearchBrowserTest {

  /** Far more than a conversation's first page (chat.js PAGE_SIZE 50): the hit is not among the newest. */
  private static final int LATER_MESSAGES = 120;

  @RegisterExtension
  static final BrowserServer server = BrowserServer.parley();

  @RegisterExtension
  final TestBrowsers browsers = server.browsers();

  private static ApiClient api;

  @BeforeAll
  static void client() {
    api = server.api();
  }

  @Test
  void typingAWord_findsTheMessage_andAClickOpensItsConversationThereMarked() {
    TestUser ann = api.signUp("ann");
    TestUser bob = api.signUp("bob");
    String title = "Holiday plans " + ann.username();
    String group = api.group(ann, title, bob).getString("id");
    String word = "pamplemousse" + ann.username().replaceAll("[^a-z0-9]", "");
    api.send(bob, group, "Before the word");
    api.send(bob, group, "Let us meet at the " + word + " stand, <b>not bold</b>");
    api.send(bob, group, "Right after the word");
    long last = 0;
    for (int i = 1; i <= LATER_MESSAGES; i++) {
      last = api.send(bob, group, "later message " + i).getLong("seq");
    }
    // Ann has read it all, so the conversation opens with its newest page only.
    assertThat(
        api.post("/api/conversations/" + group + "/read", ann, new io.vertx.core.json.JsonObject().put("seq", last))
            .status())
        .isEqualTo(204);

    ChatPage a = browsers.chat("ann");
    a.signIn(ann.username(), ApiClient.PASSWORD);
    a.awaitLive();
    a.markDocument();

    WebElement box = a.clickable("[data-testid=search-input]");
    box.sendKeys(word.toUpperCase());
    WebElement hit = a.visible("[data-testid=search-section-messages] [data-testid=search-result]");
    List<WebElement> marks = hit.findElements(By.tagName("mark"));
    assertThat(marks).hasSize(1);
    assertThat(marks.get(0).getText()).isEqualTo(word);
    assertThat(hit.getText()).contains(title).contains("<b>not bold</b>");
    assertThat(hit.findElements(By.tagName("b"))).as("the snippet is text, never markup").isEmpty();

    // The keyboard reaches it too: the first row below the box is the hit.
    box.sendKeys(Keys.ARROW_DOWN);
    assertThat(box.getAttribute("aria-activedescendant")).isEqualTo(hit.getAttribute("id"));

    hit.click();
    a.awaitOpenConversation(title);
    WebElement marked = a.visible("[data-testid=message-list] [data-testid=message][data-focused=true]");
    assertThat(marked.getText()).contains(word);
    assertThat(marked.getAttribute("class")).contains("focused");
    Object inView = ((JavascriptExecutor) a.driver()).executeScript(
        "const m = arguments[0].getBoundingClientRect();"
            + "const list = document.querySelector('[data-testid=message-list]').getBoundingClientRect();"
            + "return m.top >= list.top && m.bottom <= list.bottom;",
        marked);
    assertThat(inView).as("the hit is scrolled into the visible part of the conversation").isEqualTo(true);
    assertThat(a.messages()).extracting(WebElement::getText)
        .anyMatch(t -> t.contains("Before the word")).anyMatch(t -> t.contains("Right after the word"));
    assertThat(a.all("[data-testid=jump-to-latest]")).as("the newest messages are one click away").isNotEmpty();
    assertThat(a.notReloaded()).as("the messenger opened the hit in place").isTrue();
  }
}
