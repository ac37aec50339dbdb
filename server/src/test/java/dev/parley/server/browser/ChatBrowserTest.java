package dev.parley.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;

/**
 * The messenger in real headless Chromium against an in-process server with a fresh data
 * directory: two people in two separate browsers sign up, one makes a group with the other, and
 * each sees the other's message arrive live, without reloading.
 */
class ChatBrowserTest {

  private static final String PASSWORD = "correct horse battery";
  private static final AtomicInteger NAMES = new AtomicInteger();

  @RegisterExtension
  static final BrowserServer server = BrowserServer.parley();

  @RegisterExtension
  final TestBrowsers browsers = server.browsers();

  private static String unique(String base) {
    return base + ProcessHandle.current().pid() % 1000 + "x" + NAMES.incrementAndGet();
  }

  @Test
  void twoPeopleInAGroupSeeEachOthersMessagesLive() {
    String ann = unique("ann");
    String bob = unique("bob");
    String group = "Weekend trip " + NAMES.get();
    ChatPage a = browsers.chat("ann-desktop", Chromium.Form.DESKTOP);
    ChatPage b = browsers.chat("bob-phone", Chromium.Form.PHONE);

    a.signUp(ann, "Ann Archer", PASSWORD);
    b.signUp(bob, "Bob Baker", PASSWORD);
    a.awaitLive();
    b.awaitLive();
    a.markDocument();
    b.markDocument();

    // Ann makes a group with Bob and writes; Bob's list shows it live, unread.
    a.createGroup(group, bob);
    a.send("Hello from Ann! Who is in for Saturday?");
    a.awaitMessage("Hello from Ann! Who is in for Saturday?");
    b.awaitUnreadAtLeast(group, 1);
    assertThat(b.conversationItem(group).getText()).contains("Hello from Ann! Who is in for Saturday?");

    // Bob opens it: he sees Ann's message, and the unread count clears.
    b.openConversation(group);
    b.awaitMessage("Hello from Ann! Who is in for Saturday?");

    // Bob answers with two lines (Shift+Enter) and text that must not become HTML.
    String answer = "Count me in <b>not bold</b>\nsecond line";
    b.send(answer);
    b.awaitMessage(answer);
    WebElement atAnn = a.awaitMessage(answer);
    assertThat(atAnn.findElements(By.tagName("b"))).as("message text is rendered as text, never as HTML").isEmpty();
    assertThat(atAnn.getAttribute("data-sender-id")).isNotBlank();

    // Ann answers back; Bob sees it while he has the conversation open.
    a.send("Great, see you then");
    b.awaitMessage("Great, see you then");

    // Back on the list, Bob's conversation has nothing unread: he read it while it was open.
    b.back();
    b.awaitUnread(group, 0);

    // Everything arrived over the live channel: neither page was reloaded.
    assertThat(a.notReloaded()).as("Ann's page was not reloaded").isTrue();
    assertThat(b.notReloaded()).as("Bob's page was not reloaded").isTrue();
  }

  @Test
  void firstAdminIsCreatedThroughTheSetupLink() {
    String link = server.parleyServer().setupLink().orElse(null);
    if (link == null) {
      return; // an admin exists already in this data directory: nothing to set up
    }
    String path = link.substring(link.indexOf("/setup"));
    String admin = unique("root");
    ChatPage p = browsers.chat("admin-desktop", Chromium.Form.DESKTOP);
    p.open(path);
    p.visible("#setup-username").sendKeys(admin);
    p.visible("#setup-displayname").sendKeys("Root Admin");
    p.visible("#setup-password").sendKeys(PASSWORD);
    p.clickable("[data-testid=setup-submit]").click();
    p.awaitSignedIn(admin);
    assertThat(p.driver().getCurrentUrl()).as("the token leaves the address bar").doesNotContain("token=");
    Object roles = ((JavascriptExecutor) p.driver()).executeAsyncScript(
        "const done = arguments[arguments.length - 1];"
            + "fetch('/api/session').then(r => r.json()).then(s => done(s.account.roles.join(',')), e => done(String(e)));");
    assertThat(String.valueOf(roles)).as("the account made through the setup link is an admin").contains("admin");
  }
}
