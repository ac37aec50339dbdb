package dev.parley.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.Caller;
import dev.parley.core.Reply;
import dev.parley.core.TestUser;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Issue 21's story in Chromium: a customer opens a verified business's deep link, presses a quick
 * reply and a carousel button (the business gets the payloads it sent, and the pressed button waits
 * for its answer), opts in to offers in the business bar, taps "Stop these messages" under an offer
 * (the next marketing send is refused naming the rule), and "Why am I getting this?" answers from
 * the ledger.
 */
class BusinessConsentBrowserTest {

  private static final String PASSWORD = "correct horse battery";
  private static final AtomicInteger NAMES = new AtomicInteger();

  @RegisterExtension
  static final BrowserServer server = BrowserServer.parley().withAdmin();

  @RegisterExtension
  final TestBrowsers browsers = server.browsers();

  record Event(String type, JsonObject data) {
  }

  /** The business's backend sends as a real one would: a 429 (1 message a second per conversation) is waited out. */
  private static Reply bot(String key, String conversationId, JsonObject body) {
    for (int attempt = 0;; attempt++) {
      Reply reply = server.api().post("/api/business/v1/conversations/" + conversationId + "/messages",
          Caller.bearer(key), body);
      if (reply.status() != 429 || attempt == 5) {
        return reply;
      }
      try {
        Thread.sleep(1000L * Long.parseLong(reply.header("Retry-After")) + 100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return reply;
      }
    }
  }

  @Test
  void quickRepliesAndACarousel_thenOptInStopAndWhy() {
    List<Event> events = new CopyOnWriteArrayList<>();
    server.platform().businessConversations().events((businessId, type, data) -> events.add(new Event(type, data)));
    TestUser developer = server.developer();
    String handle = "shoe" + ProcessHandle.current().pid() % 1000 + "x" + NAMES.incrementAndGet();
    JsonObject business = server.api().post("/api/businesses", developer, new JsonObject().put("handle", handle)
        .put("name", "Shoe Shop").put("category", "retail").put("privacyUrl", "https://example.com/privacy")).json();
    String businessId = business.getString("id");
    assertThat(server.api().post("/api/admin/businesses/" + businessId + "/review", server.admin(),
        new JsonObject().put("decision", "approve")).status()).isEqualTo(200);
    String key = server.api().post("/api/businesses/" + businessId + "/keys", developer,
        new JsonObject().put("name", "backend")).json().getString("key");
    String templateId = server.api().post("/api/business/v1/templates", Caller.bearer(key), new JsonObject()
        .put("name", "cart").put("language", "en").put("category", "marketing")
        .put("body", "You left {{item}} in your cart. Checkout any time.")
        .put("variables", new JsonArray().add(new JsonObject().put("name", "item").put("type", "text"))))
        .json().getString("id");
    assertThat(server.api().post("/api/admin/business-templates/" + templateId + "/review", server.admin(),
        new JsonObject().put("decision", "approve")).status()).isEqualTo(200);

    ChatPage customer = browsers.chat("customer", Chromium.Form.DESKTOP);
    customer.signUp("cust" + ProcessHandle.current().pid() % 1000 + "x" + NAMES.incrementAndGet(), "Cleo Customer",
        PASSWORD);
    customer.open("/b/" + handle);
    customer.awaitLive();
    customer.wait.until(d -> events.stream().anyMatch(e -> e.type().equals("conversation.started")));
    String conversationId = events.stream().filter(e -> e.type().equals("conversation.started")).findFirst()
        .orElseThrow().data().getString("conversationId");
    customer.wait.until(d -> d.getCurrentUrl().endsWith("/c/" + conversationId));

    // Quick replies: the pressed label is the customer's message; the business gets its own payload back.
    assertThat(bot(key, conversationId, new JsonObject().put("interactive", new JsonObject()
        .put("type", "quick_replies").put("text", "What are you looking for?").put("replies", new JsonArray()
            .add(new JsonObject().put("id", "run").put("label", "Running shoes").put("payload", "cat:running"))
            .add(new JsonObject().put("id", "walk").put("label", "Walking shoes").put("payload", "cat:walking")))))
        .status()).isEqualTo(201);
    customer.clickable("[data-testid=quick-reply][data-action-id=run]").click();
    customer.awaitMessage("Running shoes");
    customer.wait.until(d -> events.stream().anyMatch(e -> e.type().equals("button.pressed")
        && "cat:running".equals(e.data().getJsonObject("answer").getString("payload"))));

    // A carousel: its button waits for the business's answer, which then arrives.
    assertThat(bot(key, conversationId, new JsonObject().put("interactive", new JsonObject().put("type", "carousel")
        .put("cards", new JsonArray()
            .add(new JsonObject().put("title", "Red runner").put("body", "Size 38-46").put("actions", new JsonArray()
                .add(new JsonObject().put("type", "reply").put("id", "red").put("label", "Buy red")
                    .put("payload", "sku:red"))))
            .add(new JsonObject().put("title", "Blue runner").put("actions", new JsonArray()
                .add(new JsonObject().put("type", "reply").put("id", "blue").put("label", "Buy blue")
                    .put("payload", "sku:blue")))))))
        .status()).isEqualTo(201);
    customer.wait.until(d -> customer.all("[data-testid=interactive-card]").size() == 2);
    customer.clickable("[data-testid=interactive-action][data-action-id=blue]").click();
    customer.wait.until(d -> !customer.all("[data-testid=interactive-status][data-state=waiting]").isEmpty());
    customer.wait.until(d -> events.stream().anyMatch(e -> e.type().equals("button.pressed")
        && "sku:blue".equals(e.data().getJsonObject("answer").getString("payload"))));
    assertThat(bot(key, conversationId, new JsonObject().put("text", "Blue runner it is!")).status()).isEqualTo(201);
    customer.awaitMessage("Blue runner it is!");
    customer.wait.until(d -> customer.all("[data-testid=interactive-status][data-state=waiting]").isEmpty());

    // Opt in to offers in the business bar; an offer arrives; one tap stops them.
    customer.clickable("[data-testid=business-consent-open]").click();
    customer.clickable("[data-testid=consent-category][data-category=marketing] input").click();
    customer.wait.until(d -> !customer.all("[data-testid=consent-category][data-category=marketing]"
        + "[data-opted-in=true]").isEmpty());
    JsonObject offer = new JsonObject().put("template", new JsonObject().put("name", "cart")
        .put("variables", new JsonObject().put("item", "Blue runner")));
    Reply sent = bot(key, conversationId, offer);
    assertThat(sent.status()).as("%s", sent).isEqualTo(201);
    WebElement offerMessage = customer.awaitMessage("You left Blue runner in your cart. Checkout any time.");

    offerMessage.findElement(By.cssSelector("[data-testid=why-open]")).click();
    WebElement why = customer.visible("[data-testid=why-answer]");
    assertThat(why.getAttribute("data-reason")).isEqualTo("opt_in");
    assertThat(why.getText()).contains("Shoe Shop may send me offers and news");
    customer.clickable("[data-testid=why-stop]").click();
    customer.visible("[data-testid=stopped]");

    Reply refused = bot(key, conversationId, offer);
    assertThat(refused.status()).as("%s", refused).isEqualTo(403);
    assertThat(refused.json().getString("field")).isEqualTo("/rules/opted-out");
    customer.wait.until(d -> events.stream().anyMatch(e -> e.type().equals("optin.changed")
        && !e.data().getBoolean("optedIn")));
  }
}
