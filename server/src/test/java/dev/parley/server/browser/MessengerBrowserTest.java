package dev.parley.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.ApiClient;
import dev.parley.core.TestUser;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * Read markers and scrolling in real Chromium browsers (issue 17): a long conversation with
 * pictures opens at its newest message; opened with many unread, only what was on screen is read,
 * and "jump to latest" reads the rest; the "Seen" ticks are still there after a reload.
 */
class MessengerBrowserTest {

  private static final AtomicInteger NAMES = new AtomicInteger();

  @RegisterExtension
  static final BrowserServer server = BrowserServer.parley();

  @RegisterExtension
  final TestBrowsers browsers = server.browsers();

  private static JavascriptExecutor js(ChatPage page) {
    return (JavascriptExecutor) page.driver();
  }

  /** Pastes a picture drawn on a canvas into the composer and sends it with a caption. */
  private static void sendPicture(ChatPage page, String caption, String colour) {
    js(page).executeAsyncScript("""
        const done = arguments[arguments.length - 1];
        const c = document.createElement('canvas');
        c.width = 800; c.height = 600;
        const g = c.getContext('2d');
        g.fillStyle = arguments[0]; g.fillRect(0, 0, 800, 600);
        c.toBlob((blob) => {
          const dt = new DataTransfer();
          dt.items.add(new File([blob], 'picture.png', { type: 'image/png' }));
          const box = document.getElementById('composer-input');
          box.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
          done(true);
        }, 'image/png');
        """, colour);
    page.wait.until(d -> page.all("[data-testid=tray-item][data-status=ready]").size() == 1);
    page.clickable("#composer-input").sendKeys(caption + Keys.ENTER);
    page.wait.until(d -> page.all("[data-testid=tray-item]").isEmpty());
    page.awaitMessage(caption);
  }

  /** How far the newest message's bottom is from the message list's bottom edge (0: fully in view). */
  private static long newestBelowView(ChatPage page) {
    Object px = js(page).executeScript("""
        const list = document.querySelector('[data-testid=message-list]');
        const items = list.querySelectorAll('[data-testid=message]');
        const last = items[items.length - 1];
        return Math.round(last.getBoundingClientRect().bottom - list.getBoundingClientRect().bottom);
        """);
    return ((Number) px).longValue();
  }

  private static boolean imagesLoaded(ChatPage page) {
    return Boolean.TRUE.equals(js(page).executeScript("""
        const imgs = [...document.querySelectorAll('[data-testid=message-list] [data-testid=attachment-image] img')];
        const newest = imgs[imgs.length - 1]; // the ones further up may wait to load (lazy)
        return !!newest && newest.complete && newest.naturalWidth > 0;
        """));
  }

  private static String tickOf(WebElement message) {
    return message.findElements(By.cssSelector("[data-tick]")).stream().findFirst()
        .map(t -> t.getAttribute("data-tick")).orElse("");
  }

  @Test
  void aLongConversationOpensAtTheNewest_readsOnlyWhatWasShown_andTicksSurviveAReload() {
    ApiClient api = server.api();
    TestUser ann = api.signUp("ann");
    TestUser bob = api.signUp("bob");
    String title = "Long talk " + NAMES.incrementAndGet();
    String group = api.group(ann, title, bob).getString("id");
    for (int i = 1; i <= 40; i++) {
      api.send(ann, group, "Line " + i + " of a long story");
    }
    ChatPage a = browsers.chat("ann");
    a.signIn(ann.username(), ApiClient.PASSWORD);
    a.awaitLive();
    a.openConversation(title);
    sendPicture(a, "First picture", "#3a7");
    sendPicture(a, "Second picture", "#37a");
    a.send("The newest one");
    a.awaitMessage("The newest one");

    // Bob opens it with 43 unread: he is shown the first unread, and only what was on screen is read.
    ChatPage b = browsers.chat("bob");
    b.signIn(bob.username(), ApiClient.PASSWORD);
    b.awaitLive();
    b.openConversation(title);
    b.visible("[data-testid=unread-divider]");
    long lastSeq = api.conversation(ann, group).getLong("lastSeq");
    b.wait.until(d -> api.conversation(bob, group).getLong("lastReadSeq") > 1);
    assertThat(api.conversation(bob, group).getLong("lastReadSeq")).as("read only what was shown")
        .isLessThan(lastSeq);

    // Scrolled up, "jump to latest" takes him to the newest message, which is then read.
    b.clickable("[data-testid=jump-to-latest-scrolled]").click();
    b.wait.until(d -> newestBelowView(b) <= 1);
    b.wait.until(d -> api.conversation(bob, group).getLong("lastReadSeq") == lastSeq);
    a.wait.until(d -> "read".equals(tickOf(a.awaitMessage("The newest one"))));

    // Ann reloads: the conversation opens at the newest message once the pictures are in, and the
    // "Seen" ticks are still there.
    a.driver().navigate().refresh();
    a.awaitLive();
    a.openConversation(title);
    a.wait.until(d -> imagesLoaded(a));
    a.wait.until(d -> newestBelowView(a) <= 1);
    assertThat(tickOf(a.awaitMessage("The newest one"))).isEqualTo("read");
    assertThat(tickOf(a.awaitMessage("Second picture"))).isEqualTo("read");

    // Scrolled to the top, "jump to latest" brings her back down.
    js(a).executeScript("document.querySelector('[data-testid=message-list]').scrollTop = 0;");
    a.clickable("[data-testid=jump-to-latest-scrolled]").click();
    a.wait.until(d -> newestBelowView(a) <= 1);
  }

  @Test
  void aMentionWithAnEmoji_isCompletedHighlighted_andCountedInAMutedConversation() {
    ApiClient api = server.api();
    TestUser ann = api.signUp("ann");
    TestUser bob = api.signUp("bob");
    String title = "Quiet group " + NAMES.incrementAndGet();
    String group = api.group(ann, title, bob).getString("id");
    assertThat(api.request(io.vertx.core.http.HttpMethod.PUT, "/api/conversations/" + group + "/mute", bob, null,
        null).status()).isEqualTo(200);
    api.send(ann, group, "Nothing for bob here");
    ChatPage b = browsers.chat("bob");
    b.signIn(bob.username(), ApiClient.PASSWORD);
    b.awaitLive();
    b.conversationItem(title);
    assertThat(b.all("[data-testid=mention-badge]")).as("no mention yet").isEmpty();

    // Ann types "@" and the start of Bob's name: the members are offered, Tab completes.
    ChatPage a = browsers.chat("ann");
    a.signIn(ann.username(), ApiClient.PASSWORD);
    a.awaitLive();
    a.openConversation(title);
    WebElement box = a.clickable("#composer-input");
    box.sendKeys("@" + bob.username().substring(0, 3));
    a.visible("[data-testid=member-suggestion][data-username='" + bob.username() + "']");
    box.sendKeys(Keys.TAB);
    a.wait.until(d -> box.getAttribute("value").equals("@" + bob.username() + " "));
    box.sendKeys("look ");

    // ... and picks an emoji from the picker, loaded on first use.
    a.clickable("[data-testid=emoji-button]").click();
    a.wait.until(d -> Boolean.TRUE.equals(js(a).executeScript(
        "const p = document.querySelector('emoji-picker');"
            + " return !!(p && p.shadowRoot && p.shadowRoot.querySelector('button.emoji[id^=emo-]'));")));
    // An emoji of the grid (ids "emo-…"): the skin-tone button has the class "emoji" too.
    js(a).executeScript(
        "document.querySelector('emoji-picker').shadowRoot.querySelector('button.emoji[id^=emo-]').click();");
    a.wait.until(d -> box.getAttribute("value").length() > ("@" + bob.username() + " look ").length());
    String text = box.getAttribute("value");
    box.sendKeys(Keys.ENTER);
    WebElement sent = a.awaitMessage(text.strip());
    assertThat(sent.findElement(By.cssSelector("[data-testid=mention]")).getText()).isEqualTo("@" + bob.username());

    // Bob has the group muted, yet the mention counts: an "@" in his list, live.
    WebElement item = b.conversationItem(title);
    b.wait.until(d -> !item.findElements(By.cssSelector("[data-testid=mention-badge]")).isEmpty());
    b.openConversation(title);
    WebElement his = b.awaitMessage(text.strip());
    assertThat(his.getAttribute("class")).contains("mentions-me");
    b.wait.until(d -> b.conversationItem(title).findElements(By.cssSelector("[data-testid=mention-badge]"))
        .isEmpty());
  }
}
