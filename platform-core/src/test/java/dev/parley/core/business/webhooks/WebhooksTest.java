package dev.parley.core.business.webhooks;

import static dev.parley.core.ApiClient.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.Caller;
import dev.parley.core.PlatformTestBase;
import dev.parley.core.Reply;
import dev.parley.core.StrictClock;
import dev.parley.core.TestPlatform;
import dev.parley.core.TestUser;
import dev.parley.core.common.IdGenerator;
import dev.parley.core.common.PlatformException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Business webhooks on both databases: endpoints through the Business API (a key of business A
 * never reaches B's) and the owner's console routes; signed deliveries to a receiver on this
 * machine; retries with backoff on a clock the test moves, dead letters and replay; statuses with
 * their seq; the 1 MB cap; https and public addresses only outside development; two nodes never
 * sending one attempt twice; pending deliveries resuming after a restart; a receiver that does not
 * answer in time; secret rotation signing with both secrets.
 */
class WebhooksTest extends PlatformTestBase {

  private static final String API = "/api/business/v1/webhooks";
  private final TestBusinesses businesses = new TestBusinesses();
  private Receiver receiver;
  private TestUser owner;

  private static WebhookOptions testOptions() {
    return new WebhookOptions().setAllowInsecure(true).setTimeoutMillis(1_500).setPollMillis(3_600_000);
  }

  @Override
  protected TestPlatform.Builder configure(TestPlatform.Builder builder) {
    return builder.platformOptions(o -> o.setWebhooks(testOptions()));
  }

  @Override
  protected void setUp() {
    p.platform().webhooks().setBusinessKeys(businesses);
    receiver = new Receiver(p.vertx());
    owner = api.signUp("owner");
  }

  /** Each test's endpoints go (their deliveries with them): a pass of another test must not find them due. */
  @AfterEach
  void dropEndpoints() throws java.sql.SQLException {
    if (p == null) {
      return;
    }
    try (Connection c = p.database().jdbc(); Statement s = c.createStatement()) {
      s.executeUpdate("DELETE FROM webhook_endpoints");
    }
  }

  private Reply call(HttpMethod method, String path, String businessId, JsonObject body) {
    return api.request(method, path, Caller.bearer(TestBusinesses.key(businessId)),
        body == null ? Buffer.buffer() : body.toBuffer(), body == null ? null : "application/json");
  }

  private JsonObject endpoint(String businessId, String path, String... events) {
    Reply r = call(HttpMethod.POST, API, businessId, new JsonObject().put("url", receiver.url(path))
        .put("events", new JsonArray(List.of(events))));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json();
  }

  /** Another node on the same database, on a clock of the test's own; not started (the test runs its passes). */
  private Webhooks node(StrictClock clock) {
    return new Webhooks(p.vertx(), p.platform().database(), clock, IdGenerator.secure(), testOptions());
  }

  private String publish(Webhooks node, String businessId, String type, JsonObject data) {
    return await(p.platform().database().pool().withTransaction(tx -> node.publish(tx, businessId, type, data)));
  }

  private JsonObject delivery(String businessId, String eventId) {
    JsonArray all = call(HttpMethod.GET, API + "/deliveries?limit=200", businessId, null).array();
    return all.stream().map(JsonObject.class::cast).filter(d -> d.getString("eventId").equals(eventId)).findFirst()
        .orElseThrow();
  }

  @Test
  void endpointsThroughTheBusinessApi() {
    String a = businesses.create(p, owner.id());
    String b = businesses.create(p, owner.id());
    JsonObject created = endpoint(a, "/crud", "message.received", "message.status");
    assertThat(created.getString("secret")).startsWith("whsec_");
    assertThat(java.util.Base64.getDecoder().decode(created.getString("secret").substring(6))).hasSize(24);
    assertThat(created.getJsonArray("events")).containsExactly("message.received", "message.status");
    String id = created.getString("id");

    JsonArray listed = call(HttpMethod.GET, API, a, null).array();
    assertThat(listed).hasSize(1);
    assertThat(listed.getJsonObject(0).containsKey("secret")).isFalse();

    Reply patched = call(HttpMethod.PATCH, API + "/" + id, a, new JsonObject().put("enabled", false)
        .put("events", new JsonArray()));
    assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
    assertThat(patched.json().getBoolean("enabled")).isFalse();
    assertThat(patched.json().getJsonArray("events")).isEmpty();

    // Business B's key reaches nothing of A's: every route.
    assertThat(call(HttpMethod.GET, API, b, null).array()).isEmpty();
    assertThat(call(HttpMethod.PATCH, API + "/" + id, b, new JsonObject().put("enabled", true)).status())
        .isEqualTo(404);
    assertThat(call(HttpMethod.POST, API + "/" + id + "/rotate-secret", b, new JsonObject()).status())
        .isEqualTo(404);
    assertThat(call(HttpMethod.DELETE, API + "/" + id, b, null).status()).isEqualTo(404);
    // No key, or a wrong one: 401.
    assertThat(api.get(API, Caller.anonymous()).status()).isEqualTo(401);
    assertThat(api.get(API, Caller.bearer("pbk_wrong")).status()).isEqualTo(401);

    // Bad input names its field; nothing is stored.
    Reply noUrl = call(HttpMethod.POST, API, a, new JsonObject());
    assertThat(noUrl.status()).isEqualTo(400);
    assertThat(noUrl.body()).contains("url");
    Reply badType = call(HttpMethod.POST, API, a, new JsonObject().put("url", receiver.url("/x"))
        .put("events", new JsonArray().add("message.received").add("nonsense")));
    assertThat(badType.status()).isEqualTo(400);
    assertThat(badType.body()).contains("events/1");
    Reply badLimit = call(HttpMethod.GET, API + "/deliveries?limit=0", a, null);
    assertThat(badLimit.status()).isEqualTo(400);
    assertThat(call(HttpMethod.GET, API + "/deliveries?status=lost", a, null).status()).isEqualTo(400);
    assertThat(call(HttpMethod.GET, API, a, null).array()).hasSize(1);

    JsonObject rotated = call(HttpMethod.POST, API + "/" + id + "/rotate-secret", a, new JsonObject()).json();
    assertThat(rotated.getString("secret")).startsWith("whsec_").isNotEqualTo(created.getString("secret"));
    assertThat(rotated.getLong("previousSecretExpiresAt")).isPositive();

    assertThat(call(HttpMethod.DELETE, API + "/" + id, a, null).status()).isEqualTo(204);
    assertThat(call(HttpMethod.GET, API, a, null).array()).isEmpty();
  }

  @Test
  void consoleRoutesForTheOwnerOnly() {
    String business = businesses.create(p, owner.id());
    TestUser stranger = api.signUp("stranger");
    String base = "/api/businesses/" + business + "/webhooks";
    Reply created = api.post(base, owner, new JsonObject().put("url", receiver.url("/console")));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    assertThat(api.get(base, owner).array()).hasSize(1);
    assertThat(api.get(base, stranger).status()).isEqualTo(404);
    assertThat(api.post(base, stranger, new JsonObject().put("url", receiver.url("/x"))).status()).isEqualTo(404);
    assertThat(api.get(base + "/deliveries?status=dead", owner).array()).isEmpty();
    assertThat(api.get("/api/businesses/nosuchbusiness/webhooks", owner).status()).isEqualTo(404);
    assertThat(api.get(base, Caller.anonymous()).status()).isEqualTo(401);
  }

  @Test
  void signedDeliveryVerifies() {
    String business = businesses.create(p, owner.id());
    JsonObject created = endpoint(business, "/signed", "message.received");
    endpoint(business, "/other-types", "message.status");
    String eventId = await(p.platform().webhooks().publishNow(business, "message.received",
        new JsonObject().put("conversationId", "c1").put("text", "Hello, meter reading attached")));
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> receiver.at("/signed").size() == 1);
    Receiver.Received r = receiver.at("/signed").get(0);
    assertThat(r.id()).isEqualTo(eventId).startsWith("msg_");
    assertThat(r.signature()).startsWith("v1,").doesNotContain(" ");
    assertThat(r.signature()).isEqualTo(WebhookSigner.sign(created.getString("secret"), r.id(),
        Long.parseLong(r.timestamp()), r.body()));
    assertThat(r.json().getString("type")).isEqualTo("message.received");
    assertThat(r.json().getJsonObject("data").getString("text")).isEqualTo("Hello, meter reading attached");
    assertThat(receiver.at("/other-types")).isEmpty(); // its filter does not take the type
    Awaitility.await().atMost(Duration.ofSeconds(20))
        .until(() -> delivery(business, eventId).getString("status").equals("delivered"));
    JsonObject d = delivery(business, eventId);
    assertThat(d.getInteger("attempts")).isEqualTo(1);
    assertThat(d.getInteger("lastStatus")).isEqualTo(204);
  }

  @Test
  void retriesWithBackoffUntilTheReceiverRecovers() {
    String business = businesses.create(p, owner.id());
    receiver.rule("/flaky", n -> n <= 2 ? 503 : 200);
    endpoint(business, "/flaky");
    StrictClock clock = new StrictClock();
    Webhooks node = node(clock);
    String eventId = publish(node, business, "message.received", new JsonObject().put("text", "hi"));

    assertThat(await(node.dispatcher().runDue())).isEqualTo(1); // at once: 503
    JsonObject first = delivery(business, eventId);
    assertThat(first.getString("status")).isEqualTo("pending");
    assertThat(first.getInteger("attempts")).isEqualTo(1);
    assertThat(first.getInteger("lastStatus")).isEqualTo(503);
    assertThat(first.getString("lastError")).contains("503");
    assertThat(await(node.dispatcher().runDue())).isZero(); // not due for 5 s

    clock.advance(4_000);
    assertThat(await(node.dispatcher().runDue())).isZero();
    clock.advance(1_500);
    assertThat(await(node.dispatcher().runDue())).isEqualTo(1); // after 5 s: 503 again
    clock.advance(299_000);
    assertThat(await(node.dispatcher().runDue())).isZero(); // 5 min not over
    clock.advance(2_000);
    assertThat(await(node.dispatcher().runDue())).isEqualTo(1); // after 5 min: 200

    JsonObject done = delivery(business, eventId);
    assertThat(done.getString("status")).isEqualTo("delivered");
    assertThat(done.getInteger("attempts")).isEqualTo(3);
    assertThat(receiver.at("/flaky")).hasSize(3).allSatisfy(r -> assertThat(r.id()).isEqualTo(eventId));
    // Each attempt is signed anew, at its own time.
    assertThat(receiver.at("/flaky").stream().map(Receiver.Received::timestamp).distinct()).hasSize(3);
  }

  @Test
  void deadLetterAfterEightFailuresAndReplay() {
    String business = businesses.create(p, owner.id());
    AtomicBoolean up = new AtomicBoolean();
    receiver.rule("/down", n -> up.get() ? 200 : 500);
    endpoint(business, "/down");
    StrictClock clock = new StrictClock();
    Webhooks node = node(clock);
    String eventId = publish(node, business, "file.received", new JsonObject().put("attachmentId", "a1"));
    for (long delay : WebhookDispatcher.RETRY_DELAYS_MILLIS) {
      clock.advance(delay);
      assertThat(await(node.dispatcher().runDue())).isEqualTo(1);
    }
    JsonObject dead = delivery(business, eventId);
    assertThat(dead.getString("status")).isEqualTo("dead");
    assertThat(dead.getInteger("attempts")).isEqualTo(8);
    clock.advance(100 * 3600_000L);
    assertThat(await(node.dispatcher().runDue())).isZero(); // dead stays dead
    assertThat(receiver.at("/down")).hasSize(8);

    JsonArray letters = call(HttpMethod.GET, API + "/deliveries?status=dead", business, null).array();
    assertThat(letters).hasSize(1);
    String deliveryId = letters.getJsonObject(0).getString("id");
    up.set(true);
    Reply replayed = call(HttpMethod.POST, API + "/deliveries/" + deliveryId + "/replay", business, new JsonObject());
    assertThat(replayed.status()).as(replayed.toString()).isEqualTo(200);
    Awaitility.await().atMost(Duration.ofSeconds(20))
        .until(() -> delivery(business, eventId).getString("status").equals("delivered"));
    assertThat(receiver.at("/down")).hasSize(9).allSatisfy(r -> assertThat(r.id()).isEqualTo(eventId));
    // Only a dead delivery is replayed; another business's id is not found.
    assertThat(call(HttpMethod.POST, API + "/deliveries/" + deliveryId + "/replay", business, new JsonObject())
        .status()).isEqualTo(409);
    String other = businesses.create(p, owner.id());
    assertThat(call(HttpMethod.POST, API + "/deliveries/" + deliveryId + "/replay", other, new JsonObject())
        .status()).isEqualTo(404);
  }

  @Test
  void statusesCarryTheSeqSoTheReceiverCanOrderThem() {
    String business = businesses.create(p, owner.id());
    endpoint(business, "/statuses", "message.status");
    StrictClock clock = new StrictClock();
    Webhooks node = node(clock);
    for (int seq : new int[] {3, 1, 2}) {
      publish(node, business, "message.status", new JsonObject().put("conversationId", "c1").put("messageId", "m"
          + seq).put("seq", seq).put("status", seq == 3 ? "read" : "delivered"));
    }
    assertThat(await(node.dispatcher().runDue())).isEqualTo(3);
    List<JsonObject> data = new ArrayList<>(receiver.at("/statuses").stream().map(r -> r.json().getJsonObject("data"))
        .toList());
    assertThat(data).hasSize(3).allSatisfy(d -> assertThat(d.getInteger("seq")).isNotNull());
    data.sort(Comparator.comparing(d -> d.getInteger("seq")));
    assertThat(data).extracting(d -> d.getString("messageId")).containsExactly("m1", "m2", "m3");
  }

  @Test
  void payloadsAreAtMostOneMegabyte() {
    String business = businesses.create(p, owner.id());
    endpoint(business, "/big");
    Webhooks node = node(new StrictClock());
    String fits = "x".repeat(Webhooks.MAX_PAYLOAD_BYTES - 200);
    assertThat(publish(node, business, "message.received", new JsonObject().put("text", fits))).startsWith("msg_");
    String over = "x".repeat(Webhooks.MAX_PAYLOAD_BYTES);
    assertThatThrownBy(() -> publish(node, business, "message.received", new JsonObject().put("text", over)))
        .isInstanceOfSatisfying(PlatformException.class, e -> {
          assertThat(e.reason()).isEqualTo(PlatformException.Reason.TOO_LARGE);
          assertThat(e.getMessage()).contains("1 MB");
        });
    assertThat(await(node.dispatcher().runDue())).isEqualTo(1);
    assertThat(receiver.at("/big")).hasSize(1);
  }

  @Test
  void httpsAndPublicAddressesOnlyOutsideDevelopment() {
    String business = businesses.create(p, owner.id());
    Webhooks production = new Webhooks(p.vertx(), p.platform().database(), new StrictClock(), IdGenerator.secure(),
        new WebhookOptions());
    assertThatThrownBy(() -> await(production.create(business, new JsonObject().put("url", "http://example.com/h"))))
        .isInstanceOfSatisfying(PlatformException.class, e -> {
          assertThat(e.field()).contains("url");
          assertThat(e.getMessage()).contains("https://");
        });
    for (String url : List.of("https://127.0.0.1/hook", "https://10.0.0.7/hook", "https://[::1]/hook",
        "https://169.254.169.254/latest", "https://localhost/hook")) {
      assertThatThrownBy(() -> await(production.create(business, new JsonObject().put("url", url))))
          .as(url).isInstanceOfSatisfying(PlatformException.class,
              e -> assertThat(e.getMessage()).contains("private or local address"));
    }
    // The development setting lets loopback through, never another private address.
    Reply privateAddress = call(HttpMethod.POST, API, business, new JsonObject().put("url", "http://10.1.2.3/hook"));
    assertThat(privateAddress.status()).isEqualTo(400);
    assertThat(privateAddress.body()).contains("private or local address");
    assertThat(call(HttpMethod.POST, API, business, new JsonObject().put("url", "ftp://example.com/x")).status())
        .isEqualTo(400);

    // A stored endpoint that now points at a private address is refused at delivery too.
    JsonObject created = endpoint(business, "/private-later");
    try (Connection c = p.database().jdbc(); Statement s = c.createStatement()) {
      s.executeUpdate("UPDATE webhook_endpoints SET url = 'https://10.0.0.7/hook' WHERE id = '"
          + created.getString("id") + "'");
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
    Webhooks node = node(new StrictClock());
    String eventId = publish(node, business, "message.received", new JsonObject());
    assertThat(await(node.dispatcher().runDue())).isEqualTo(1);
    JsonObject d = delivery(business, eventId);
    assertThat(d.getString("status")).isEqualTo("pending");
    assertThat(d.getString("lastError")).contains("private or local address");
  }

  @Test
  void twoNodesNeverSendTheSameAttemptTwice() {
    String business = businesses.create(p, owner.id());
    endpoint(business, "/race");
    StrictClock clock = new StrictClock();
    Webhooks a = node(clock);
    Webhooks b = node(clock);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      ids.add(publish(a, business, "message.received", new JsonObject().put("i", i)));
    }
    await(Future.all(a.dispatcher().runDue(), b.dispatcher().runDue(), a.dispatcher().runDue()));
    await(Future.all(a.dispatcher().runDue(), b.dispatcher().runDue()));
    assertThat(receiver.at("/race")).extracting(Receiver.Received::id).containsExactlyInAnyOrderElementsOf(ids);
  }

  @Test
  void pendingDeliveriesResumeAfterARestart() {
    String business = businesses.create(p, owner.id());
    endpoint(business, "/resume");
    StrictClock clock = new StrictClock();
    String eventId = publish(node(clock), business, "optin.changed", new JsonObject().put("optedIn", true));
    // A node took it and stopped mid-attempt: its lease holds the delivery until it runs out.
    try (Connection c = p.database().jdbc(); Statement s = c.createStatement()) {
      s.executeUpdate("UPDATE webhook_deliveries SET lease_owner = 'gone', lease_until = " + (clock.millis() + 60_000)
          + " WHERE event_id = '" + eventId + "'");
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
    Webhooks restarted = node(clock);
    assertThat(await(restarted.dispatcher().runDue())).isZero();
    clock.advance(61_000);
    assertThat(await(restarted.dispatcher().runDue())).isEqualTo(1);
    assertThat(receiver.at("/resume")).extracting(Receiver.Received::id).containsExactly(eventId);
    assertThat(delivery(business, eventId).getString("status")).isEqualTo("delivered");
  }

  @Test
  void aReceiverThatDoesNotAnswerInTimeFails() {
    String business = businesses.create(p, owner.id());
    receiver.rule("/silent", n -> 0);
    endpoint(business, "/silent");
    Webhooks node = node(new StrictClock());
    String eventId = publish(node, business, "button.pressed", new JsonObject().put("payload", "yes"));
    assertThat(await(node.dispatcher().runDue())).isEqualTo(1);
    JsonObject d = delivery(business, eventId);
    assertThat(d.getString("status")).isEqualTo("pending");
    assertThat(d.getString("lastError")).contains("did not answer within 1500 ms");
  }

  @Test
  void rotationSignsWithBothSecretsForADay() {
    String business = businesses.create(p, owner.id());
    JsonObject created = endpoint(business, "/rotate");
    String old = created.getString("secret");
    String fresh = call(HttpMethod.POST, API + "/" + created.getString("id") + "/rotate-secret", business,
        new JsonObject()).json().getString("secret");
    StrictClock clock = new StrictClock();
    Webhooks node = node(clock);
    publish(node, business, "conversation.blocked", new JsonObject().put("conversationId", "c9"));
    assertThat(await(node.dispatcher().runDue())).isEqualTo(1);
    Receiver.Received r = receiver.at("/rotate").get(0);
    long ts = Long.parseLong(r.timestamp());
    assertThat(r.signature().split(" ")).containsExactly(WebhookSigner.sign(fresh, r.id(), ts, r.body()),
        WebhookSigner.sign(old, r.id(), ts, r.body()));

    clock.advance(WebhookOptions.DEFAULT_SECRET_OVERLAP_MILLIS + 1_000);
    publish(node, business, "conversation.blocked", new JsonObject().put("conversationId", "c10"));
    assertThat(await(node.dispatcher().runDue())).isEqualTo(1);
    Receiver.Received later = receiver.at("/rotate").get(1);
    assertThat(later.signature()).isEqualTo(WebhookSigner.sign(fresh, later.id(), Long.parseLong(later.timestamp()),
        later.body()));
  }

  @Test
  void oldDeliveriesArePurgedButNotPendingOnes() {
    String business = businesses.create(p, owner.id());
    receiver.rule("/purge-down", n -> 500);
    endpoint(business, "/purge");
    JsonObject down = endpoint(business, "/purge-down");
    StrictClock clock = new StrictClock();
    Webhooks node = node(clock);
    publish(node, business, "message.received", new JsonObject());
    assertThat(await(node.dispatcher().runDue())).isEqualTo(2); // one delivered, one pending
    clock.advance(WebhookDispatcher.RETENTION_MILLIS + 1_000);
    await(node.dispatcher().purge()); // (other tests' old events go too)
    // The event stays while its delivery to /purge-down is pending: both its deliveries are listed.
    assertThat(call(HttpMethod.GET, API + "/deliveries", business, null).array()).hasSize(2);
    assertThat(call(HttpMethod.DELETE, API + "/" + down.getString("id"), business, null).status()).isEqualTo(204);
    assertThat(await(node.dispatcher().purge())).isEqualTo(1);
    assertThat(call(HttpMethod.GET, API + "/deliveries", business, null).array()).isEmpty();
  }
}
