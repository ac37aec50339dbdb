package dev.parley.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.ApiClient;
import dev.parley.core.TestSql;
import dev.parley.core.TestUser;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * Issue 22's inbox as a supervisor runs it, in one Chromium window: the settings page (an agent, a
 * team with business hours, a canned reply), the queue view with wait times, a manual assignment
 * to another agent, snoozing and reopening, and the report showing an SLA breach.
 */
class CareInboxBrowserTest {

  private static final AtomicInteger NAMES = new AtomicInteger();

  @RegisterExtension
  static final BrowserServer server = BrowserServer.parley().withAdmin();

  @RegisterExtension
  final TestBrowsers browsers = server.browsers();

  private static String unique(String base) {
    return base + ProcessHandle.current().pid() % 1000 + "x" + NAMES.incrementAndGet();
  }

  /** A verified business of {@code owner}, and its id. */
  private static String verifiedBusiness(TestUser owner, String handle, String name) {
    String businessId = server.api().post("/api/businesses", owner, new JsonObject().put("handle", handle)
        .put("name", name).put("category", "utilities").put("privacyUrl", "https://example.com/privacy")).json()
        .getString("id");
    assertThat(server.api().post("/api/admin/businesses/" + businessId + "/review", server.admin(),
        new JsonObject().put("decision", "approve")).status()).isEqualTo(200);
    return businessId;
  }

  /** A customer's conversation with the business, waiting for a person. */
  private static String waitingCustomer(String handle, String name) {
    TestUser customer = server.api().signUp(name);
    String conversationId = server.api().post("/api/directory/businesses/" + handle + "/conversations", customer,
        new JsonObject()).json().getJsonObject("conversation").getString("id");
    assertThat(server.api().post("/api/conversations/" + conversationId + "/agent-request", customer,
        new JsonObject()).json().getString("state")).isEqualTo("waiting_for_agent");
    return conversationId;
  }

  /** Moves a time of the conversation into the past (the real clock runs the server). */
  private static void backdate(String column, String conversationId, long minutes) {
    ApiClient.await(TestSql.query(server.platform().database(), "UPDATE care_conversations SET " + column
        + " = ? WHERE conversation_id = ?", System.currentTimeMillis() - minutes * 60_000, conversationId));
  }

  private static void replaceText(WebElement input, String text) {
    input.sendKeys(Keys.chord(Keys.CONTROL, "a"), text);
  }

  @Test
  void aSupervisorSetsUpTheInbox_watchesTheQueue_assignsSnoozesReopens_andSeesABreachInTheReport() {
    TestUser owner = server.developer();
    String handle = unique("gas");
    String businessId = verifiedBusiness(owner, handle, "Nord Gas");
    String care = "/api/care/businesses/" + businessId;
    TestUser dana = server.api().signUp("Dana");

    ChatPage sup = browsers.chat("supervisor", Chromium.Form.DESKTOP);
    sup.signIn(owner.username(), owner.password());
    sup.open("/inbox");
    sup.visible("[data-testid=inbox]");

    // Settings: an agent, a team with business hours (manual assignment, so customers queue), a canned reply.
    sup.clickable("[data-testid=view-settings]").click();
    sup.visible("[data-testid=agent-username]").sendKeys(dana.username());
    sup.clickable("[data-testid=agent-add]").click();
    sup.wait.until(d -> sup.all("[data-testid=agent-item]").stream()
        .anyMatch(e -> e.getText().contains(dana.username())));
    sup.clickable("[data-testid=settings-teams]").click();
    sup.visible("[data-testid=team-name]").sendKeys("Meters");
    replaceText(sup.visible("[data-testid=team-timezone]"), "Europe/Paris");
    replaceText(sup.visible("[data-testid=team-hours]"), "sat 08:00-12:00; sun 08:00-12:00");
    new Select(sup.visible("[data-testid=team-assignment]")).selectByValue("manual");
    sup.clickable("[data-testid=team-save]").click();
    sup.wait.until(d -> sup.all("[data-testid=team-item]").stream()
        .anyMatch(e -> e.getText().contains("Meters") && e.getText().contains("Europe/Paris")));
    JsonObject team = server.api().get(care + "/teams", owner).array().getJsonObject(0);
    assertThat(team.getString("assignment")).isEqualTo("manual");
    assertThat(team.getJsonObject("hours").getJsonObject("weekly").getJsonArray("sat").getJsonArray(0).getString(0))
        .isEqualTo("08:00");
    sup.clickable("[data-testid=settings-canned]").click();
    sup.visible("[data-testid=canned-shortcut]").sendKeys("hello");
    sup.visible("[data-testid=canned-text]").sendKeys("Hello {{customer.name}}, this is {{agent.name}}.");
    sup.clickable("[data-testid=canned-add]").click();
    sup.wait.until(d -> sup.visible("[data-testid=canned-settings-list]").getText().contains("/hello"));

    // Two customers wait; the first since seven minutes: the supervisor's queue view shows who waits how long.
    String first = waitingCustomer(handle, "Ines");
    String second = waitingCustomer(handle, "Omar");
    backdate("waiting_since", first, 7);
    sup.clickable("[data-testid=view-queues]").click();
    sup.wait.until(d -> sup.all("[data-testid=queue-row]").size() == 2);
    List<String> waits = sup.all("[data-testid=queue-wait]").stream().map(WebElement::getText).toList();
    assertThat(waits.get(0)).contains("7");
    assertThat(sup.all("[data-testid=agent-row]")).anyMatch(r -> r.getText().contains(dana.username())
        || r.getText().contains("Dana"));

    // The first is assigned by hand to Dana, from its thread (opened from the queue).
    sup.all("[data-testid=queue-row] button").get(0).click();
    sup.visible("[data-testid=inbox-thread]");
    assertThat(sup.all("[data-testid=thread-close]").get(0).isDisplayed()).as("Close is for phones").isFalse();
    new Select(sup.clickable("[data-testid=care-assign]")).selectByValue(dana.id());
    sup.wait.until(d -> sup.visible("[data-testid=thread-assignee]").getText().contains("Dana"));
    assertThat(server.api().get(care + "/conversations/" + first, owner).json().getJsonObject("assignee")
        .getString("id")).isEqualTo(dana.id());

    // The second: taken, snoozed (it moves to the Snoozed tab), resolved and reopened.
    sup.clickable("[data-testid=inbox-item][data-conversation-id='" + second + "']").click();
    sup.wait.until(d -> second.equals(sup.all("[data-testid=inbox-item][aria-current=true]").stream()
        .map(e -> e.getAttribute("data-conversation-id")).findFirst().orElse(null)));
    WebElement held = sup.visible("[data-testid=inbox-thread]");
    sup.clickable("[data-testid=care-take]").click();
    sup.wait.until(d -> "agent".equals(held.getAttribute("data-state")));
    new Select(sup.clickable("[data-testid=care-snooze]")).selectByValue("60");
    sup.wait.until(d -> "snoozed".equals(held.getAttribute("data-status")));
    sup.clickable("[data-testid=tab-snoozed]").click();
    sup.visible("[data-testid=inbox-item][data-conversation-id='" + second + "']");
    sup.clickable("[data-testid=care-resolve]").click();
    sup.wait.until(d -> "resolved".equals(held.getAttribute("data-status")));
    sup.clickable("[data-testid=care-reopen]").click();
    sup.wait.until(d -> "agent".equals(held.getAttribute("data-state"))
        && "open".equals(held.getAttribute("data-status")));

    // Dana's first response is overdue and unmet: the report counts it as her breach.
    backdate("first_response_due_at", first, 1);
    sup.clickable("[data-testid=view-settings]").click();
    sup.clickable("[data-testid=settings-reports]").click();
    sup.wait.until(d -> sup.all("[data-testid=report-row][data-row-id='" + dana.id() + "'] "
        + "[data-testid=report-breaches]").stream().anyMatch(e -> "1".equals(e.getText())));
  }
}
