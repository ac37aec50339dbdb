package dev.parley.core.push;

import static dev.parley.core.ApiClient.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.LiveClient;
import dev.parley.core.PlatformTestBase;
import dev.parley.core.Reply;
import dev.parley.core.TestPlatform;
import dev.parley.core.TestUser;
import dev.parley.core.common.net.AddressPolicy;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Web Push on both databases against a fake push service (a Vert.x server on this machine, let
 * through by the test-only address policy) that records each push: the VAPID header (RFC 8292)
 * signed with the key {@code /api/push/key} gives, the aes128gcm body (RFC 8291) that this test
 * decrypts with the browser's keys it made; no push while the member has a live session or has
 * muted the conversation; a subscription the service calls gone is removed.
 */
class PushApiTest extends PlatformTestBase {

  private record Received(String path, MultiMap headers, Buffer body) {
  }

  private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
  private HttpServer service;
  private String base;

  @Override
  protected TestPlatform.Builder configure(TestPlatform.Builder builder) {
    return builder
        .platformOptions(o -> o.setPush(new PushOptions().setEnabled(true).setSubject("mailto:ops@parley.test")
            .setPlainHttpEndpoints(true).setAddressPolicy(AddressPolicy.loopbackToo())));
  }

  @Override
  protected void setUp() {
    service = await(p.vertx().createHttpServer().requestHandler(r -> r.body().onSuccess(body -> {
      received.add(new Received(r.path(), MultiMap.caseInsensitiveMultiMap().addAll(r.headers()), body));
      r.response().setStatusCode(r.path().startsWith("/gone") ? 410 : 201).end();
    })).listen(0, "127.0.0.1"));
    base = "http://127.0.0.1:" + service.actualPort();
  }

  /** A browser's push subscription: its P-256 key pair and auth secret. */
  private record Browser(KeyPair keys, byte[] auth, String endpoint) {
    JsonObject subscription() {
      return new JsonObject().put("endpoint", endpoint).put("keys", new JsonObject()
          .put("p256dh", b64(uncompressed((ECPublicKey) keys.getPublic()))).put("auth", b64(auth)));
    }
  }

  private Browser browser(String path) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    byte[] auth = new byte[16];
    new java.security.SecureRandom().nextBytes(auth);
    return new Browser(generator.generateKeyPair(), auth, base + path);
  }

  private static String b64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static byte[] uncompressed(ECPublicKey key) {
    byte[] out = new byte[65];
    out[0] = 4;
    copy32(key.getW().getAffineX(), out, 1);
    copy32(key.getW().getAffineY(), out, 33);
    return out;
  }

  private static void copy32(BigInteger n, byte[] out, int at) {
    byte[] b = n.toByteArray();
    int len = Math.min(b.length, 32);
    System.arraycopy(b, b.length - len, out, at + 32 - len, len);
  }

  private static byte[] hmac(byte[] key, byte[]... parts) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    for (byte[] part : parts) {
      mac.update(part);
    }
    return mac.doFinal();
  }

  /** RFC 8291: the push's plaintext, as the browser would decrypt it. */
  private static JsonObject decrypt(Browser browser, byte[] body) throws Exception {
    ByteBuffer in = ByteBuffer.wrap(body);
    byte[] salt = new byte[16];
    in.get(salt);
    in.getInt(); // record size
    byte[] serverKey = new byte[in.get()];
    in.get(serverKey);
    byte[] ciphertext = new byte[in.remaining()];
    in.get(ciphertext);
    ECPublicKey mine = (ECPublicKey) browser.keys().getPublic();
    ECPublicKey theirs = (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(
        new BigInteger(1, Arrays.copyOfRange(serverKey, 1, 33)),
        new BigInteger(1, Arrays.copyOfRange(serverKey, 33, 65))),
        mine.getParams()));
    KeyAgreement agreement = KeyAgreement.getInstance("ECDH");
    agreement.init(browser.keys().getPrivate());
    agreement.doPhase(theirs, true);
    byte[] ikm = hmac(hmac(browser.auth(), agreement.generateSecret()),
        "WebPush: info\0".getBytes(StandardCharsets.US_ASCII), uncompressed(mine), serverKey, new byte[] {1});
    byte[] prk = hmac(salt, ikm);
    byte[] cek = Arrays.copyOf(hmac(prk, "Content-Encoding: aes128gcm\0".getBytes(StandardCharsets.US_ASCII),
        new byte[] {1}), 16);
    byte[] nonce = Arrays.copyOf(hmac(prk, "Content-Encoding: nonce\0".getBytes(StandardCharsets.US_ASCII),
        new byte[] {1}), 12);
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(cek, "AES"), new GCMParameterSpec(128, nonce));
    byte[] plain = cipher.doFinal(ciphertext);
    int end = plain.length - 1;
    while (plain[end] == 0) {
      end--;
    }
    assertThat(plain[end]).as("the last record's delimiter").isEqualTo((byte) 2);
    return new JsonObject(new String(plain, 0, end, StandardCharsets.UTF_8));
  }

  private Received nextPush() throws InterruptedException {
    Received push = received.poll(20, TimeUnit.SECONDS);
    assertThat(push).as("a push within 20 s").isNotNull();
    return push;
  }

  private Reply delete(String path, TestUser user, JsonObject body) {
    return api.request(HttpMethod.DELETE, path, user, body.toBuffer(), "application/json");
  }

  @Test
  void key_isOnePublicP256Point_keptAcrossCalls() {
    TestUser ann = api.signUp("ann");
    String key = api.get("/api/push/key", ann).json().getString("publicKey");
    assertThat(Base64.getUrlDecoder().decode(key)).hasSize(65).startsWith(4);
    assertThat(api.get("/api/push/key", api.signUp("ben")).json().getString("publicKey")).isEqualTo(key);
    assertThat(p.sql("SELECT algorithm FROM platform_keys WHERE id = 'vapid'")).hasSize(1);
  }

  @Test
  void subscriptions_areChecked_storedOncePerEndpoint_andRemovedByTheirOwner() throws Exception {
    TestUser cat = api.signUp("cat");
    TestUser dan = api.signUp("dan");
    Browser browser = browser("/push/cat-" + kind);

    assertThat(api.post("/api/push/subscriptions", cat, browser.subscription()).status()).isEqualTo(201);
    assertThat(api.post("/api/push/subscriptions", cat, browser.subscription()).status()).isEqualTo(201);
    assertThat(p.sql("SELECT account_id FROM push_subscriptions WHERE endpoint = ?", browser.endpoint())).hasSize(1);

    Reply badEndpoint = api.post("/api/push/subscriptions", cat, browser.subscription().put("endpoint", "ftp://x/y"));
    Reply badKey = api.post("/api/push/subscriptions", cat, browser.subscription()
        .put("keys", new JsonObject().put("p256dh", "abc").put("auth", b64(new byte[16]))));
    Reply noKeys = api.post("/api/push/subscriptions", cat, new JsonObject().put("endpoint", browser.endpoint()));
    assertThat(badEndpoint.json().getString("field")).isEqualTo("/endpoint");
    assertThat(badKey.json().getString("field")).isEqualTo("/keys/p256dh");
    assertThat(noKeys.json().getString("field")).isEqualTo("/keys");

    JsonObject which = new JsonObject().put("endpoint", browser.endpoint());
    assertThat(delete("/api/push/subscriptions", dan, which).status()).as("not dan's").isEqualTo(204);
    assertThat(p.sql("SELECT account_id FROM push_subscriptions WHERE endpoint = ?", browser.endpoint())).hasSize(1);
    assertThat(delete("/api/push/subscriptions", cat, which).status()).isEqualTo(204);
    assertThat(p.sql("SELECT account_id FROM push_subscriptions WHERE endpoint = ?", browser.endpoint())).isEmpty();
  }

  @Test
  void newMessage_isPushed_signedAndEncrypted_butNotWhileLiveOrMuted() throws Exception {
    TestUser eve = api.signUp("eve");
    TestUser fay = api.signUp("fay");
    String conversation = api.direct(eve, fay).getString("id");
    Browser browser = browser("/push/fay-" + kind);
    assertThat(api.post("/api/push/subscriptions", fay, browser.subscription()).status()).isEqualTo(201);
    String key = api.get("/api/push/key", fay).json().getString("publicKey");

    JsonObject first = api.send(eve, conversation, "Your meter photo, please");
    Received push = nextPush();

    assertThat(push.path()).isEqualTo("/push/fay-" + kind);
    assertThat(push.headers().get("Content-Encoding")).isEqualTo("aes128gcm");
    assertThat(push.headers().get("TTL")).isEqualTo(String.valueOf(PushOptions.DEFAULT_TTL_SECONDS));
    String authorization = push.headers().get("Authorization");
    assertThat(authorization).startsWith("vapid t=").contains("k=" + key);
    String jwt = authorization.substring("vapid t=".length()).split(",")[0].strip();
    JsonObject claims = new JsonObject(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]),
        StandardCharsets.UTF_8));
    assertThat(claims.getString("aud")).isEqualTo(base);
    assertThat(claims.getString("sub")).isEqualTo("mailto:ops@parley.test");
    JsonObject payload = decrypt(browser, push.body().getBytes());
    assertThat(payload.getString("conversationId")).isEqualTo(conversation);
    assertThat(payload.getString("messageId")).isEqualTo(first.getString("id"));
    assertThat(payload.getString("title")).isEqualTo(eve.displayName());
    assertThat(payload.getString("body")).isEqualTo("Your meter photo, please");
    assertThat(api.send(fay, conversation, "my own").getString("id")).isNotNull(); // the sender gets none

    assertThat(api.request(HttpMethod.PUT, "/api/conversations/" + conversation + "/mute", fay, null, null).status())
        .isEqualTo(200);
    api.send(eve, conversation, "while muted");
    LiveClient live = api.live(fay);
    api.send(eve, conversation, "while live");
    live.expectMessage("while live");
    api.delete("/api/conversations/" + conversation + "/mute", fay);
    live.close();
    Awaitility.await().atMost(20, TimeUnit.SECONDS)
        .until(() -> !p.platform().liveHub().isOnline(fay.id()));
    JsonObject last = api.send(eve, conversation, "back to the push");

    JsonObject next = decrypt(browser, nextPush().body().getBytes());
    assertThat(next.getString("messageId")).as("no push came for the muted or live ones")
        .isEqualTo(last.getString("id"));
    assertThat(received).isEmpty();
  }

  @Test
  void aSubscriptionThePushServiceCallsGone_isRemoved() throws Exception {
    TestUser gus = api.signUp("gus");
    TestUser hal = api.signUp("hal");
    String group = api.group(gus, "Meter readers", hal).getString("id");
    Browser gone = browser("/gone/hal-" + kind);
    api.post("/api/push/subscriptions", hal, gone.subscription());

    api.send(gus, group, "hello");

    JsonObject payload = decrypt(gone, nextPush().body().getBytes());
    assertThat(payload.getString("title")).isEqualTo("Meter readers");
    assertThat(payload.getString("body")).isEqualTo(gus.displayName() + ": hello");
    Awaitility.await().atMost(20, TimeUnit.SECONDS)
        .until(() -> p.sql("SELECT account_id FROM push_subscriptions WHERE endpoint = ?", gone.endpoint()).isEmpty());
  }
}
