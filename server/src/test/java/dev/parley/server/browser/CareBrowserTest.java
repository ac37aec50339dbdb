package dev.parley.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.TestUser;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * Issue 22's customer care in two Chromium windows: a customer sends a photo to a verified business
 * and asks for a person; the agent sees the photo inline in the inbox, takes the conversation,
 * answers with a canned reply (the customer sees it under the agent's name and the business's, not
 * "bot"), resolves it, and the customer rates it once. The inbox passes axe, and fits a phone.
 */
class CareBrowserTest {

  private static final String PASSWORD = "correct horse battery";
  private static final AtomicInteger NAMES = new AtomicInteger();

  @RegisterExtension
  static final BrowserServer server = BrowserServer.parley().withAdmin();

  @RegisterExtension
  final TestBrowsers browsers = server.browsers();

  private static String unique(String base) {
    return base + ProcessHandle.current().pid() % 1000 + "x" + NAMES.incrementAndGet();
  }

  private static JavascriptExecutor js(ChatPage page) {
    return (JavascriptExecutor) page.driver();
  }

  /** A verified business of a developer, and its id. */
  private static String verifiedBusiness(TestUser owner, String handle, String name) {
    JsonObject business = server.api().post("/api/businesses", owner, new JsonObject().put("handle", handle)
        .put("name", name).put("category", "utilities").put("privacyUrl", "https://example.com/privacy")).json();
    String businessId = business.getString("id");
    assertThat(server.api().post("/api/admin/businesses/" + businessId + "/review", server.admin(),
        new JsonObject().put("decision", "approve")).status()).isEqualTo(200);
    return businessId;
  }

  /** Pastes a picture drawn on a canvas into the composer, as a phone's camera roll would hand it over. */
  private static void pastePhoto(ChatPage page) {
    js(page).executeAsyncScript("""
        const done = arguments[arguments.length - 1];
        const c = document.createElement('canvas');
        c.width = 320; c.height = 240;
        const g = c.getContext('2d');
        g.fillStyle = '#235'; g.fillRect(0, 0, 320, 240);
        g.fillStyle = '#fff'; g.font = '48px monospace'; g.fillText('04217', 70, 140);
        c.toBlob((blob) => {
          const dt = new DataTransfer();
          dt.items.add(new File([blob], 'meter.png', { type: 'image/png' }));
          const box = document.getElementById('composer-input');
          box.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
          done(true);
        }, 'image/png');
        """);
  }

  @Test
  void customerAsksForAPerson_agentTakesAnswersResolves_customerRates() {
    TestUser owner = server.developer();
    String handle = unique("energy");
    String businessId = verifiedBusiness(owner, handle, "Acme Energy");
    String care = "/api/care/businesses/" + businessId;

    // The agent: a Parley account the owner adds; a canned reply with a variable.
    ChatPage agent = browsers.chat("agent", Chromium.Form.DESKTOP);
    String agentName = unique("dana");
    agent.signUp(agentName, "Dana", PASSWORD);
    var added = server.api().post(care + "/agents", owner,
        new JsonObject().put("username", agentName).put("role", "agent").put("maxOpen", 5));
    assertThat(added.status()).as("%s", added).isIn(200, 201);
    var canned = server.api().post(care + "/canned-replies", owner, new JsonObject().put("shortcut", "meter")
        .put("text",
            "This is {{agent.name}} from {{business.name}}: I have your meter photo and will book the reading."));
    assertThat(canned.status()).as("%s", canned).isIn(200, 201);

    // The customer writes to the business with a photo, then asks for a person.
    ChatPage customer = browsers.chat("customer", Chromium.Form.DESKTOP);
    customer.signUp(unique("cleo"), "Cleo", PASSWORD);
    customer.open("/b/" + handle);
    customer.awaitLive();
    customer.wait.until(d -> d.getCurrentUrl().contains("/c/"));
    String conversationId = customer.driver().getCurrentUrl().replaceAll(".*/c/", "");
    pastePhoto(customer);
    customer.wait.until(d -> customer.all("[data-testid=tray-item][data-status=ready]").size() == 1);
    customer.clickable("#composer-input").sendKeys("My meter today" + Keys.ENTER);
    customer.awaitMessage("My meter today");
    customer.clickable("[data-testid=talk-to-person]").click();
    customer.visible("[data-testid=care-handover][data-state=waiting_for_agent]");
    // the waiting state and the place in the queue survive a reload (read from the server)
    customer.driver().navigate().refresh();
    customer.visible("[data-testid=care-handover][data-state=waiting_for_agent]");
    assertThat(customer.visible("[data-testid=care-queue-position]").getText()).contains("1");

    // The agent's inbox: reached from the messenger's header; the photo is inline.
    agent.open("/");
    agent.clickable("[data-testid=inbox-link]").click();
    agent.visible("[data-testid=inbox]");
    agent.wait.until(d -> "open".equals(agent.visible("[data-testid=inbox-live]").getAttribute("data-status")));
    agent.clickable("[data-testid=inbox-item][data-conversation-id='" + conversationId + "']").click();
    WebElement thread = agent.visible("[data-testid=inbox-thread]");
    agent.wait.until(d -> !agent.all("[data-testid=care-messages] [data-testid=attachment-image]").isEmpty());
    assertThat(agent.all("[data-testid=care-entry-text]").stream().map(WebElement::getText))
        .contains("My meter today");
    if (!agent.all("[data-testid=care-take]").isEmpty()) {
      agent.clickable("[data-testid=care-take]").click();
    }
    agent.wait.until(d -> "agent".equals(thread.getAttribute("data-state")));
    customer.wait.until(d -> customer.messages().stream().anyMatch(m -> m.getText().contains("Dana")
        && m.getText().contains("Acme Energy")));
    assertThat(agent.all("[data-testid=thread-close]").get(0).isDisplayed()).as("Close is for phones").isFalse();

    // A photo sent while the agent has the conversation open appears inline at once, with its picture.
    pastePhoto(customer);
    customer.wait.until(d -> customer.all("[data-testid=tray-item][data-status=ready]").size() == 1);
    customer.clickable("#composer-input").sendKeys("And the second meter" + Keys.ENTER);
    customer.awaitMessage("And the second meter");
    agent.wait.until(d -> agent.all("[data-testid=care-messages] [data-testid=attachment-image] img").size() == 2);

    // A canned reply: "/" opens the list, the variables are filled in for this customer.
    WebElement reply = agent.clickable("[data-testid=care-reply]");
    reply.sendKeys("/met");
    agent.clickable("[data-testid=canned-option][data-shortcut=meter]").click();
    agent.wait.until(d -> reply.getAttribute("value").startsWith("This is Dana from Acme Energy"));
    agent.clickable("[data-testid=care-send]").click();
    String answer = "This is Dana from Acme Energy: I have your meter photo and will book the reading.";
    agent.wait
        .until(d -> agent.all("[data-testid=care-entry-text]").stream().anyMatch(e -> answer.equals(e.getText())));

    // A private note stays in the inbox.
    agent.clickable("[data-testid=mode-note]").click();
    agent.clickable("[data-testid=care-reply]").sendKeys("Reading to be booked on Monday");
    agent.clickable("[data-testid=care-send]").click();
    agent.visible("[data-testid=care-note]");

    // The customer sees the reply under the agent's name and the business's.
    WebElement answered = customer.awaitMessage(answer);
    assertThat(answered.getAttribute("data-sender-kind")).isEqualTo("person");
    assertThat(answered.findElement(By.cssSelector("[data-testid=agent-sender]")).getText())
        .contains("Acme Energy");
    assertThat(customer.all("[data-testid=bot-sender]")).isEmpty();
    assertThat(customer.driver().getPageSource()).doesNotContain("Reading to be booked on Monday");

    // The agent resolves; the customer rates once, with a comment.
    agent.clickable("[data-testid=care-resolve]").click();
    agent.wait.until(d -> "resolved".equals(thread.getAttribute("data-status")));
    customer.clickable("[data-testid=rating] [data-testid=rating-star-5]").click();
    customer.visible("[data-testid=rating-comment]").sendKeys("Quick and kind");
    customer.clickable("[data-testid=rating-send]").click();
    customer.visible("[data-testid=rating-done]");
    assertThat(customer.all("[data-testid=rating]")).isEmpty();

    // The inbox passes axe with the conversation open.
    assertThat(I18nAccessibilityBrowserTest.seriousViolations(agent.driver())).as("axe on the inbox").isEmpty();
    I18nAccessibilityBrowserTest.screenshot(agent.driver(), "care-inbox-desktop");

    // On a phone (390×844): the list, then the conversation over it, with nothing wider than the screen.
    ChatPage phone = browsers.chat("agent-phone", Chromium.Form.PHONE);
    phone.signIn(agentName, PASSWORD);
    phone.open("/inbox");
    phone.clickable("[data-testid=tab-resolved]").click();
    phone.clickable("[data-testid=inbox-item][data-conversation-id='" + conversationId + "']").click();
    phone.visible("[data-testid=inbox-thread]");
    phone.visible("[data-testid=thread-close]");
    phone.wait.until(d -> !phone.all("[data-testid=care-messages] [data-testid=attachment-image]").isEmpty());
    Object overflow = js(phone).executeScript(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
    assertThat(((Number) overflow).intValue()).as("horizontal overflow on a phone").isLessThanOrEqualTo(0);
    I18nAccessibilityBrowserTest.screenshot(phone.driver(), "care-inbox-phone");
    assertThat(I18nAccessibilityBrowserTest.seriousViolations(phone.driver())).as("axe on the phone inbox").isEmpty();
  }
}
