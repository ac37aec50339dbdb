package dev.parley.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Safety in real Chromium (issue 17): Ann reports Bob's message in a group, the report reaches the
 * admin console with the message as evidence, the admin removes it and it disappears for both of
 * them live; then Ann blocks Bob, who can no longer message her, and his group messages are
 * collapsed for her until she chooses to see one.
 */
class SafetyBrowserTest {

  private static final String PASSWORD = "correct horse battery";
  private static final AtomicInteger NAMES = new AtomicInteger();

  @RegisterExtension
  static final BrowserServer server = BrowserServer.parley().withAdmin();

  @RegisterExtension
  final TestBrowsers browsers = server.browsers();

  private static String unique(String base) {
    return base + ProcessHandle.current().pid() % 1000 + "s" + NAMES.incrementAndGet();
  }

  private static WebDriverWait waitOn(BrowserPage page) {
    WebDriverWait wait = new WebDriverWait(page.driver(), Duration.ofSeconds(30), Duration.ofMillis(50));
    wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
    return wait;
  }

  private static void click(BrowserPage page, WebElement element) {
    ((JavascriptExecutor) page.driver()).executeScript("arguments[0].click();", element);
  }

  /** Opens a message's "⋯" menu (shown on hover; clicked by script) and clicks one of its items. */
  private static void menu(ChatPage page, WebElement message, String item) {
    click(page, message.findElement(By.cssSelector("[data-testid=message-menu]")));
    click(page, waitOn(page).until(d -> message.findElements(By.cssSelector(item)).stream().findFirst().orElse(null)));
  }

  private static boolean showsText(ChatPage page, String text) {
    return page.all("[data-testid=message-list] [data-testid=message-text]").stream()
        .anyMatch(e -> text.equals(e.getText()));
  }

  @Test
  void aReportedMessage_isRemovedByTheAdmin_live_andABlockedPersonCannotMessage() {
    String ann = unique("ann");
    String bob = unique("bob");
    String group = "Neighbours " + NAMES.get();
    ChatPage a = browsers.chat("ann");
    ChatPage b = browsers.chat("bob");
    a.signUp(ann, "Ann Archer", PASSWORD);
    b.signUp(bob, "Bob Baker", PASSWORD);
    a.awaitLive();
    b.awaitLive();
    a.markDocument();
    b.markDocument();

    // Bob sends something nasty in a group; Ann reports it from the message's menu.
    a.createGroup(group, bob);
    a.send("Hello neighbours");
    b.awaitUnreadAtLeast(group, 1);
    b.openConversation(group);
    b.send("Buy my miracle pills now");
    menu(a, a.awaitMessage("Buy my miracle pills now"), "[data-testid=action-report]");
    a.clickable("[data-testid=report-dialog] [data-testid=report-reason-spam]").click();
    a.visible("#report-details").sendKeys("Keeps advertising");
    a.clickable("[data-testid=send-report]").click();
    a.visible("[data-testid=report-sent]");
    ((JavascriptExecutor) a.driver()).executeScript("document.querySelector('[data-testid=report-dialog]').close();");

    // The admin finds it in the reports queue with the message as evidence, and removes the message.
    AdminPage admin = browsers.admin("admin");
    admin.signIn(BrowserServer.ROOT, BrowserServer.ROOT_PASSWORD);
    admin.clickable("[data-testid=nav-reports]").click();
    WebElement report = waitOn(admin).until(d -> admin.all("[data-testid=report]").stream()
        .filter(r -> r.getText().contains("Bob Baker") && r.getText().contains("Buy my miracle pills now"))
        .findFirst().orElse(null));
    assertThat(report.findElement(By.cssSelector("[data-testid=report-reason]")).getText()).isEqualTo("Spam");
    report.findElement(By.cssSelector("[data-testid=action-reason]")).sendKeys("Spam, reported by a member");
    click(admin, report.findElement(By.cssSelector("[data-testid=remove-message]")));
    admin.visible("[data-testid=report-notice]");

    // Both see it gone, live, without a reload.
    waitOn(a).until(d -> !showsText(a, "Buy my miracle pills now"));
    waitOn(b).until(d -> !showsText(b, "Buy my miracle pills now"));
    a.awaitMessage("This message was deleted");
    b.awaitMessage("This message was deleted");

    // Ann blocks Bob in their direct conversation.
    a.clickable("[data-testid=new-direct]").click();
    a.visible("#people-search").sendKeys(bob);
    a.clickable("[data-testid=person-option][data-username='" + bob + "']").click();
    a.awaitOpenConversation("Bob Baker");
    a.send("Please stop");
    a.clickable("[data-testid=safety-menu]").click();
    a.clickable("[data-testid=block-person]").click();
    a.clickable("[data-testid=confirm-block]").click();
    a.visible("[data-testid=blocked-notice]");

    // Bob can no longer message her: his message is refused and never reaches Ann.
    b.openConversation("Ann Archer");
    b.awaitMessage("Please stop");
    b.send("Why?");
    WebElement failed = waitOn(b).until(d -> b.all("[data-testid=message][data-status=failed]").stream()
        .findFirst().orElse(null));
    assertThat(failed.getText()).contains("cannot message");
    assertThat(showsText(a, "Why?")).isFalse();

    // In the shared group his new message is collapsed for Ann until she chooses to see it.
    b.openConversation(group);
    b.send("Still here");
    a.openConversation(group);
    WebElement collapsed = a.visible("[data-testid=message-collapsed]");
    assertThat(showsText(a, "Still here")).isFalse();
    collapsed.findElement(By.cssSelector("button")).click();
    a.awaitMessage("Still here");

    // Her settings list him; she unblocks him there and he can write again.
    a.clickable("[data-testid=blocked-people-open]").click();
    WebElement entry = a.visible("[data-testid=blocked-person][data-username='" + bob + "']");
    entry.findElement(By.cssSelector("button")).click();
    waitOn(a).until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("[data-testid=blocked-person]"), 0));

    assertThat(a.notReloaded()).isTrue();
    assertThat(b.notReloaded()).isTrue();
  }
}
