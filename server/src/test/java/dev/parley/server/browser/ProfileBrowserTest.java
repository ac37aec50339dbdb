package dev.parley.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * Profiles in real headless Chromium (issue 17): two people in a group each change their display
 * name and picture in the profile sheet, and each sees the other's new name and picture appear
 * live in the conversation, without reloading.
 */
class ProfileBrowserTest {

  private static final String PASSWORD = "correct horse battery";
  private static final AtomicInteger NAMES = new AtomicInteger();

  @RegisterExtension
  static final BrowserServer server = BrowserServer.parley();

  @RegisterExtension
  final TestBrowsers browsers = server.browsers();

  private static String unique(String base) {
    return base + ProcessHandle.current().pid() % 1000 + "p" + NAMES.incrementAndGet();
  }

  @Test
  void twoPeopleEditTheirProfilesAndSeeEachOthersNewNameAndPictureLive() {
    String ann = unique("ann");
    String bob = unique("bob");
    String group = "Profiles " + NAMES.get();
    ChatPage a = browsers.chat("ann-desktop", Chromium.Form.DESKTOP);
    ChatPage b = browsers.chat("bob-desktop", Chromium.Form.DESKTOP);
    a.signUp(ann, "Ann Archer", PASSWORD);
    b.signUp(bob, "Bob Baker", PASSWORD);
    a.awaitLive();
    b.awaitLive();
    a.createGroup(group, bob);
    a.send("Hello Bob");
    b.openConversation(group);
    b.awaitMessage("Hello Bob");
    b.send("Hello Ann");
    a.awaitMessage("Hello Ann");
    a.markDocument();
    b.markDocument();
    String annId = accountId(a);
    String bobId = accountId(b);
    // Before: initials on each person's one colour.
    assertThat(b.all("img[data-avatar-of='" + annId + "']")).isEmpty();
    assertThat(b.all("span.avatar[data-avatar-of='" + annId + "']")).isNotEmpty();

    editProfile(a, "Ann Avatar", "#d33");
    b.wait.until(d -> !b.all("img[data-avatar-of='" + annId + "']").isEmpty());
    b.wait.until(d -> b.driver().findElement(By.cssSelector("[data-testid=conversation]")).getText()
        .contains("Ann Avatar"));

    editProfile(b, "Bob Picture", "#36c");
    a.wait.until(d -> !a.all("img[data-avatar-of='" + bobId + "']").isEmpty());
    a.wait.until(d -> a.driver().findElement(By.cssSelector("[data-testid=conversation]")).getText()
        .contains("Bob Picture"));
    // Each one's own header follows too.
    assertThat(a.visible("[data-testid=current-user]").getText()).contains("Ann Avatar");

    // The picture is served (a JPEG that decodes) to the other member.
    Object loaded = ((JavascriptExecutor) a.driver()).executeAsyncScript("""
        const done = arguments[arguments.length - 1];
        const img = document.querySelector(arguments[0]);
        if (img.complete) done(img.naturalWidth); else img.onload = () => done(img.naturalWidth);
        """, "img[data-avatar-of='" + bobId + "']");
    assertThat(((Number) loaded).intValue()).isPositive();

    assertThat(a.notReloaded()).as("Ann's page was not reloaded").isTrue();
    assertThat(b.notReloaded()).as("Bob's page was not reloaded").isTrue();
  }

  /** Opens the profile sheet, renames, picks a picture (drawn on a canvas), crops and uploads it. */
  private static void editProfile(ChatPage page, String name, String colour) {
    page.clickable("[data-testid=profile-open]").click();
    WebElement field = page.visible("#profile-display-name");
    field.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
    field.sendKeys(name);
    page.clickable("[data-testid=profile-save]").click();
    page.wait.until(d -> !page.all("[data-testid=profile-status]").isEmpty());
    ((JavascriptExecutor) page.driver()).executeAsyncScript("""
        const done = arguments[arguments.length - 1];
        const c = document.createElement('canvas');
        c.width = 300; c.height = 200;
        const g = c.getContext('2d');
        g.fillStyle = arguments[0]; g.fillRect(0, 0, 300, 200);
        g.fillStyle = '#fff'; g.beginPath(); g.arc(150, 100, 60, 0, 7); g.fill();
        c.toBlob((blob) => {
          const dt = new DataTransfer();
          dt.items.add(new File([blob], 'me.png', { type: 'image/png' }));
          const input = document.querySelector('[data-testid=avatar-file]');
          input.files = dt.files;
          input.dispatchEvent(new Event('change', { bubbles: true }));
          done(true);
        }, 'image/png');
        """, colour);
    page.visible("[data-testid=avatar-crop-preview]");
    page.clickable("[data-testid=avatar-upload]").click();
    page.wait.until(d -> !page.all("[data-testid=avatar-status]").isEmpty());
    assertThat(page.visible("[data-testid=avatar-status]").getAttribute("class")).contains("profile-ok");
    page.visible("#profile-sheet").sendKeys(Keys.ESCAPE);
    page.wait.until(d -> page.all("#profile-sheet[open]").isEmpty());
  }

  private static String accountId(ChatPage page) {
    return String.valueOf(((JavascriptExecutor) page.driver()).executeAsyncScript(
        "const done = arguments[arguments.length - 1];"
            + "fetch('/api/me').then(r => r.json()).then(m => done(m.id), e => done(String(e)));"));
  }
}
