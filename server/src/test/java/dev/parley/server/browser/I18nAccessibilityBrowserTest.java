package dev.parley.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;

/**
 * Language and accessibility in real headless Chromium (issue 17): axe-core (chat-ui's npm
 * dev dependency) finds no serious or critical violation in the messenger (signed in, a group
 * open with messages both ways) nor in the console (signed in as admin, review queue); the
 * messenger switched to Arabic is right to left and translated; an admin reaches the console in
 * one click from the messenger, a member sees no such link.
 */
class I18nAccessibilityBrowserTest {

  private static final String PASSWORD = "correct horse battery";
  private static final AtomicInteger NAMES = new AtomicInteger();
  /** axe-core, as npm installed it for chat-ui (the build runs npm ci first). */
  private static final Path AXE = Path.of(System.getProperty("basedir", "."), "..", "chat-ui", "node_modules",
      "axe-core", "axe.min.js");

  @RegisterExtension
  static final BrowserServer server = BrowserServer.parley().withAdmin();

  @RegisterExtension
  final TestBrowsers browsers = server.browsers();

  private static String unique(String base) {
    return base + ProcessHandle.current().pid() % 1000 + "x" + NAMES.incrementAndGet();
  }

  /** Runs axe on the page; returns its serious and critical violations, each as one readable line. */
  @SuppressWarnings("unchecked")
  static List<String> seriousViolations(WebDriver driver) {
    String axe;
    try {
      axe = Files.readString(AXE);
    } catch (IOException e) {
      throw new UncheckedIOException("axe-core is missing: run npm ci in chat-ui", e);
    }
    JavascriptExecutor js = (JavascriptExecutor) driver;
    js.executeScript(axe);
    Object result = js.executeAsyncScript(
        """
            const done = arguments[arguments.length - 1];
            axe.run(document, { resultTypes: ['violations'] })
              .then((r) => done(r.violations
                .filter((v) => v.impact === 'serious' || v.impact === 'critical')
                .map((v) => v.impact + ' ' + v.id + ': ' + v.help + ' — '
                  + v.nodes.slice(0, 5).map((n) => n.target.join(' ') + ' (' + (n.failureSummary || '').replace(/\\s+/g, ' ')
                  + ')').join('; '))))
              .catch((e) => done(['axe failed: ' + e]));
            """);
    return new ArrayList<>((List<String>) result);
  }

  /** Keeps a screenshot under target/browser-screenshots/ to look at (the RTL layout). */
  static void screenshot(WebDriver driver, String name) {
    try {
      Path dir = Path.of(System.getProperty("basedir", "."), "target", "browser-screenshots");
      Files.createDirectories(dir);
      Files.write(dir.resolve(name + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Object js(ChatPage page, String script) {
    return ((JavascriptExecutor) page.driver()).executeScript(script);
  }

  @Test
  void messenger_hasNoSeriousAxeViolations_withAConversationOpen() {
    String ann = unique("ann");
    String bob = unique("bob");
    String group = "Axe check " + NAMES.get();
    ChatPage a = browsers.chat("ann", Chromium.Form.DESKTOP);
    ChatPage b = browsers.chat("bob", Chromium.Form.DESKTOP);
    b.signUp(bob, "Bob Baker", PASSWORD);
    a.signUp(ann, "Ann Archer", PASSWORD);
    a.awaitLive();
    b.awaitLive();
    a.createGroup(group, bob);
    a.send("Hello Bob, own bubble with a timestamp");
    a.awaitMessage("Hello Bob, own bubble with a timestamp");
    b.openConversation(group);
    b.send("Hello Ann, a bubble from someone else");
    a.awaitMessage("Hello Ann, a bubble from someone else");
    assertThat(a.all("[data-testid=admin-console-link]")).as("a member has no console link").isEmpty();

    assertThat(seriousViolations(a.driver())).as("axe on the messenger").isEmpty();
    screenshot(a.driver(), "messenger-en");
  }

  @Test
  void messenger_inArabic_isRightToLeft_translated_andStillAccessible() {
    String ann = unique("ann");
    String bob = unique("bob");
    String group = "RTL " + NAMES.get();
    ChatPage b = browsers.chat("bob", Chromium.Form.DESKTOP);
    b.signUp(bob, "Bob Baker", PASSWORD);
    ChatPage a = browsers.chat("ann", Chromium.Form.DESKTOP);
    a.open("/");
    a.visible("[data-testid=language-picker]");
    assertThat(js(a, "return document.documentElement.dir")).isEqualTo("ltr");
    // the sign-in page's picker switches the language (and reloads the page in it)
    js(a, "const s = document.querySelector('[data-testid=language-picker]'); s.value = 'ar';"
        + " s.dispatchEvent(new Event('change', { bubbles: true }));");
    a.wait.until(d -> "rtl".equals(((JavascriptExecutor) d).executeScript("return document.documentElement.dir")));
    assertThat(js(a, "return document.documentElement.lang")).isEqualTo("ar");
    assertThat(a.visible("#auth-heading").getText()).isEqualTo("مرحبًا بعودتك");
    screenshot(a.driver(), "signin-ar");

    a.clickable("[data-testid=auth-tab-signup]").click();
    a.visible("#signup-username").sendKeys(ann);
    a.visible("#signup-displayname").sendKeys("آن آرتشر");
    a.visible("#signup-password").sendKeys(PASSWORD);
    a.clickable("[data-testid=signup-submit]").click();
    a.awaitSignedIn(ann);
    a.awaitLive();
    assertThat(js(a, "return document.documentElement.dir")).isEqualTo("rtl");
    assertThat(a.visible("[data-testid=new-group]").getAttribute("aria-label")).isEqualTo("مجموعة جديدة");
    a.createGroup(group, bob);
    a.send("مرحبا بوب");
    a.awaitMessage("مرحبا بوب");
    // the sidebar sits on the right in right-to-left
    Map<?, ?> sides = (Map<?, ?>) js(a, "const s = document.querySelector('.sidebar').getBoundingClientRect();"
        + " const m = document.querySelector('.conversation-pane').getBoundingClientRect();"
        + " return { sidebar: s.left, pane: m.left };");
    assertThat(((Number) sides.get("sidebar")).doubleValue()).as("sidebar right of the conversation")
        .isGreaterThan(((Number) sides.get("pane")).doubleValue());
    screenshot(a.driver(), "messenger-ar");
    assertThat(seriousViolations(a.driver())).as("axe on the Arabic messenger").isEmpty();
  }

  @Test
  void console_hasNoSeriousAxeViolations_andIsOneClickFromTheMessenger() {
    ChatPage chat = browsers.chat("root", Chromium.Form.DESKTOP);
    chat.signIn(BrowserServer.ROOT, BrowserServer.ROOT_PASSWORD);
    chat.clickable("[data-testid=admin-console-link]").click();
    AdminPage admin = new AdminPage(chat.driver(), null);
    admin.visible("[data-testid=nav-reviews]");
    admin.openQueue();
    assertThat(seriousViolations(chat.driver())).as("axe on the console's review queue").isEmpty();
    screenshot(chat.driver(), "console-en");
  }
}
