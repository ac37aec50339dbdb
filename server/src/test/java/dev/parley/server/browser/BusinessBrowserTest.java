package dev.parley.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.Caller;
import dev.parley.core.TestUser;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * A customer opens a verified business's deep link (what its QR code holds) in Chromium: the
 * conversation with the business's bot opens, the business learns the context parameter (by the
 * customer's opaque id), its bot answers through the Business API, and the customer sees the
 * "automated" line, the bot label and the verified badge on the bot's message; the customer's
 * answer reaches the business; one tap blocks it, and the bot can write no more.
 */
class BusinessBrowserTest {

  private static final String PASSWORD = "correct horse battery";
  private static final AtomicInteger NAMES = new AtomicInteger();

  @RegisterExtension
  static final BrowserServer server = BrowserServer.parley().withAdmin();

  @RegisterExtension
  final TestBrowsers browsers = server.browsers();

  record Event(String type, JsonObject data) {
  }

  @Test
  void aCustomerOpensADeepLink_andTalksToAVerifiedBusinesssBot() {
    List<Event> events = new CopyOnWriteArrayList<>();
    server.platform().businessConversations().events((businessId, type, data) -> events.add(new Event(type, data)));
    TestUser developer = server.developer();
    String handle = "volt" + ProcessHandle.current().pid() % 1000 + "x" + NAMES.incrementAndGet();
    JsonObject business = server.api().post("/api/businesses", developer, new JsonObject().put("handle", handle)
        .put("name", "Volt Energy").put("category", "utilities").put("privacyUrl", "https://example.com/privacy"))
        .json();
    assertThat(server.api().post("/api/admin/businesses/" + business.getString("id") + "/review", server.admin(),
        new JsonObject().put("decision", "approve")).status()).isEqualTo(200);
    String key = server.api().post("/api/businesses/" + business.getString("id") + "/keys", developer,
        new JsonObject().put("name", "backend")).json().getString("key");

    ChatPage customer = browsers.chat("customer", Chromium.Form.DESKTOP);
    String username = "cust" + ProcessHandle.current().pid() % 1000 + "x" + NAMES.incrementAndGet();
    customer.signUp(username, "Carla Customer", PASSWORD);
    customer.open("/b/" + handle + "?ctx=meter-4711");
    customer.awaitLive();

    // The business hears of the conversation with the context, by an opaque id only ...
    customer.wait.until(d -> events.stream().anyMatch(e -> e.type().equals("conversation.started")));
    Event started = events.stream().filter(e -> e.type().equals("conversation.started")).findFirst().orElseThrow();
    assertThat(started.data().getString("context")).isEqualTo("meter-4711");
    assertThat(started.data().encode()).doesNotContain(username);
    String conversationId = started.data().getString("conversationId");
    customer.wait.until(d -> d.getCurrentUrl().endsWith("/c/" + conversationId));

    // ... and its backend answers through the Business API.
    assertThat(server.api().post("/api/business/v1/conversations/" + conversationId + "/messages",
        Caller.bearer(key), new JsonObject().put("text", "Hello! Send us your meter reading.")).status())
        .isEqualTo(201);
    WebElement answer = customer.awaitMessage("Hello! Send us your meter reading.");
    // the customer's open session received it: the business hears "delivered" with the message's seq
    customer.wait.until(d -> events.stream().anyMatch(e -> e.type().equals("message.status")
        && "delivered".equals(e.data().getString("status")) && e.data().getLong("seq", 0L) > 0));
    assertThat(answer.getAttribute("data-sender-kind")).isEqualTo("bot");
    assertThat(answer.findElement(By.cssSelector("[data-testid=bot-label]")).isDisplayed()).isTrue();
    customer.wait.until(d -> !answer.findElements(By.cssSelector("[data-testid=verified-badge]")).isEmpty());
    assertThat(customer.all("[data-testid=message][data-kind=system]").stream()
        .map(m -> m.getText()).toList()).anyMatch(t -> t.contains("automated"));
    customer.wait.until(d -> !customer.all("[data-testid=business-bar] [data-testid=verified-badge]").isEmpty());

    // The customer answers; the business receives it.
    customer.send("It reads 4711");
    customer.awaitMessage("It reads 4711");
    customer.wait.until(d -> events.stream().anyMatch(e -> e.type().equals("message.received")
        && "It reads 4711".equals(e.data().getJsonObject("message").getString("text"))));

    // One tap blocks the business: it is told only "blocked", and its bot can write no more.
    customer.clickable("[data-testid=business-block]").click();
    customer.wait.until(d -> events.stream().anyMatch(e -> e.type().equals("conversation.blocked")));
    assertThat(server.api().post("/api/business/v1/conversations/" + conversationId + "/messages",
        Caller.bearer(key), new JsonObject().put("text", "Still there?")).status()).isEqualTo(403);
  }
}
