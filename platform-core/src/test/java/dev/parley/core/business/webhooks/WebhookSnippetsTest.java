package dev.parley.core.business.webhooks;

import static dev.parley.core.ApiClient.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.PlatformTestBase;
import dev.parley.core.StrictClock;
import dev.parley.core.TestPlatform;
import dev.parley.core.common.IdGenerator;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The verification snippets of docs/business-webhooks.md, taken from the page as it is, against
 * real deliveries on both databases: the Java one compiled and loaded here, the JavaScript one run
 * with node. Each accepts a good delivery and refuses a wrong secret, a tampered body, an old
 * timestamp (a captured request replayed later) and no signature; during a rotation either secret works.
 */
class WebhookSnippetsTest extends PlatformTestBase {

  private static final Path DOC = Path.of("..", "docs", "business-webhooks.md");
  private final TestBusinesses businesses = new TestBusinesses();
  private Receiver receiver;

  @Override
  protected TestPlatform.Builder configure(TestPlatform.Builder builder) {
    return builder.platformOptions(o -> o.setWebhooks(new WebhookOptions().setAllowInsecure(true)
        .setPollMillis(3_600_000)));
  }

  @Override
  protected void setUp() {
    receiver = new Receiver(p.vertx());
  }

  /** The first fenced block of {@code language} after {@code heading}. */
  static String snippet(String heading, String language) throws IOException {
    String doc = Files.readString(DOC);
    int at = doc.indexOf(heading);
    assertThat(at).as(DOC + " has " + heading).isNotNegative();
    int start = doc.indexOf("```" + language + "\n", at) + language.length() + 4;
    return doc.substring(start, doc.indexOf("```", start));
  }

  /** A real delivery: an endpoint of a new business, one event, the request as the receiver got it. */
  private Object[] delivery(String path) {
    String business = businesses.create(p, p.admin().id());
    Webhooks node = new Webhooks(p.vertx(), p.platform().database(), new StrictClock(), IdGenerator.secure(),
        new WebhookOptions().setAllowInsecure(true));
    String secret = await(node.create(business, new JsonObject().put("url", receiver.url(path))))
        .getString("secret");
    await(p.platform().database().pool().withTransaction(tx -> node.publish(tx, business, "message.received",
        new JsonObject().put("conversationId", "c1").put("text", "Grüße, ✓ \"quoted\""))));
    await(node.dispatcher().runDue());
    Receiver.Received r = receiver.at(path).get(0);
    return new Object[] {secret, r};
  }

  @Test
  void theJavaSnippetVerifiesRealDeliveries() throws Exception {
    Path dir = Files.createTempDirectory("snippet");
    Files.writeString(dir.resolve("WebhookVerifier.java"), snippet("### Java", "java"));
    assertThat(ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", dir.toString(),
        dir.resolve("WebhookVerifier.java").toString())).isZero();
    try (URLClassLoader loader = new URLClassLoader(new java.net.URL[] {dir.toUri().toURL()})) {
      Class<?> type = loader.loadClass("WebhookVerifier");
      Constructor<?> make = type.getConstructor(String.class);
      Method verify = type.getMethod("verify", String.class, String.class, String.class, String.class, Instant.class);
      Object[] d = delivery("/java");
      String secret = (String) d[0];
      Receiver.Received r = (Receiver.Received) d[1];
      Instant now = Instant.ofEpochSecond(Long.parseLong(r.timestamp()));
      Object verifier = make.newInstance(secret);
      verify.invoke(verifier, r.id(), r.timestamp(), r.signature(), r.body(), now); // good
      List<Object[]> refused = List.of(
          new Object[] {make.newInstance(WebhookSigner.newSecret()), r.id(), r.timestamp(), r.signature(), r.body(),
              now}, // wrong secret
          new Object[] {verifier, r.id(), r.timestamp(), r.signature(), r.body().replace("c1", "c2"), now},
          new Object[] {verifier, r.id(), r.timestamp(), r.signature(), r.body(), now.plusSeconds(301)}, // replayed
          new Object[] {verifier, r.id(), r.timestamp(), "v1,AAAA", r.body(), now},
          new Object[] {verifier, "msg_other", r.timestamp(), r.signature(), r.body(), now});
      for (Object[] call : refused) {
        assertThatThrownBy(() -> {
          try {
            verify.invoke(call[0], call[1], call[2], call[3], call[4], call[5]);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        }).isInstanceOf(IllegalArgumentException.class);
      }
      // During a rotation either secret verifies the same request.
      String other = WebhookSigner.newSecret();
      String both = WebhookSigner.sign(other, r.id(), Long.parseLong(r.timestamp()), r.body()) + " " + r.signature();
      verify.invoke(make.newInstance(other), r.id(), r.timestamp(), both, r.body(), now);
      verify.invoke(verifier, r.id(), r.timestamp(), both, r.body(), now);
    }
  }

  @Test
  void theJavaScriptSnippetVerifiesRealDeliveriesWithNode() throws Exception {
    Assumptions.assumeTrue(SampleBusinessTest.nodeAvailable(), "node is not on the PATH");
    String js = snippet("### JavaScript", "js");
    assertThat(Files.readString(Path.of("..", "sample-businesses", "echo-bot", "verify.mjs")))
        .as("the sample's verify.mjs is the documented snippet").isEqualTo(js);
    Path dir = Files.createTempDirectory("snippet");
    Files.writeString(dir.resolve("verify.mjs"), js);
    Files.writeString(dir.resolve("check.mjs"), """
        import { verifyWebhook } from './verify.mjs';
        const [secret, id, timestamp, signature, body, now] = JSON.parse(process.argv[2]);
        try {
          const event = verifyWebhook(secret, { 'webhook-id': id, 'webhook-timestamp': timestamp,
            'webhook-signature': signature }, body, Number(now));
          console.log('ok ' + event.type);
        } catch (e) {
          console.log('refused ' + e.message);
        }
        """);
    Object[] d = delivery("/js");
    String secret = (String) d[0];
    Receiver.Received r = (Receiver.Received) d[1];
    long now = Long.parseLong(r.timestamp());
    assertThat(node(dir, secret, r.id(), r.timestamp(), r.signature(), r.body(), now)).isEqualTo(
        "ok message.received");
    assertThat(node(dir, WebhookSigner.newSecret(), r.id(), r.timestamp(), r.signature(), r.body(), now))
        .startsWith("refused");
    assertThat(node(dir, secret, r.id(), r.timestamp(), r.signature(), r.body().replace("c1", "c2"), now))
        .startsWith("refused");
    assertThat(node(dir, secret, r.id(), r.timestamp(), r.signature(), r.body(), now + 301))
        .isEqualTo("refused webhook-timestamp is too old or too new");
  }

  private static String node(Path dir, String secret, String id, String timestamp, String signature, String body,
      long now) throws IOException, InterruptedException {
    String args = new io.vertx.core.json.JsonArray(List.of(secret, id, timestamp, signature, body,
        Long.toString(now))).encode();
    Process process = new ProcessBuilder("node", "check.mjs", args).directory(dir.toFile()).redirectErrorStream(true)
        .start();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
  }
}
