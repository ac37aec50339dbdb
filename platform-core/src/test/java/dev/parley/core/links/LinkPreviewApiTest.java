package dev.parley.core.links;

import static dev.parley.core.ApiClient.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.PlatformTestBase;
import dev.parley.core.Reply;
import dev.parley.core.TestPlatform;
import dev.parley.core.TestUser;
import dev.parley.core.common.net.AddressPolicy;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * Link previews through the HTTP API on both databases, of pages a test server serves on this
 * machine (the platform's fetch lets the loopback address through here, {@link
 * AddressPolicy#loopbackToo()}, and nothing else private): Open Graph tags and the image the
 * server re-encodes, the refusals (private address, redirect to one, not HTML, no title, a slow
 * site, an image over the cap, a URL that is no http(s) URL), the cache, the rate, and sending a
 * message with a preview, with none, or with a URL that is not in its text.
 */
class LinkPreviewApiTest extends PlatformTestBase {

  private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
  private HttpServer site;
  private String base;

  @Override
  protected TestPlatform.Builder configure(TestPlatform.Builder builder) {
    return builder.platformOptions(o -> o.setLinkPreviews(new LinkPreviewOptions()
        .setAddressPolicy(AddressPolicy.loopbackToo()).setTimeoutMillis(4_000).setMaxImageBytes(1_000_000)
        .setPerMinute(20)));
  }

  @Override
  protected void setUp() {
    site = await(p.vertx().createHttpServer().requestHandler(this::serve).listen(0, "127.0.0.1"));
    base = "http://127.0.0.1:" + site.actualPort();
  }

  private void serve(HttpServerRequest request) {
    hits.computeIfAbsent(request.uri(), k -> new AtomicInteger()).incrementAndGet();
    String path = request.path();
    switch (path) {
      case "/page" -> html(request, """
          <html><head><title>Ignored title</title>
          <meta property="og:title" content="Gas meters, read at last">
          <meta property="og:description" content="  How a photo
             of a meter saves a visit. ">
          <meta property="og:site_name" content="Meter News">
          <meta property="og:image" content="/photo.png">
          </head><body><script>alert(1)</script>Hello</body></html>""");
      case "/twitter" -> html(request, """
          <html><head><title>Plain title</title>
          <meta name="twitter:description" content="From the card">
          <meta name="twitter:image" content="/huge.png">
          </head><body></body></html>""");
      case "/long" -> html(request, "<html><head><meta property=\"og:title\" content=\"Long page\"></head><body>"
          + "x".repeat(2_000_000) + "</body></html>");
      case "/notitle" -> html(request, "<html><head></head><body>nothing</body></html>");
      case "/plain" -> request.response().putHeader("Content-Type", "text/plain").end("just text");
      case "/to-page" -> request.response().setStatusCode(302).putHeader("Location", "/page").end();
      case "/to-private" -> request.response().setStatusCode(302).putHeader("Location", "http://10.0.0.1/page").end();
      case "/slow" -> {
      } // never answers
      case "/photo.png" -> request.response().putHeader("Content-Type", "image/png").end(Buffer.buffer(png(800, 600)));
      case "/huge.png" -> request.response().putHeader("Content-Type", "image/png")
          .end(Buffer.buffer(new byte[1_200_000]));
      default -> request.response().setStatusCode(404).end();
    }
  }

  private static void html(HttpServerRequest request, String body) {
    request.response().putHeader("Content-Type", "text/html; charset=utf-8").end(body);
  }

  private static byte[] png(int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
    for (int x = 0; x < width; x++) {
      for (int y = 0; y < height; y++) {
        image.setRGB(x, y, 0xff000000 | (x * 255 / width) << 16 | (y * 255 / height) << 8);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", out);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
    return out.toByteArray();
  }

  private Reply preview(TestUser user, String url) {
    return api.get("/api/link-preview?url=" + URLEncoder.encode(url, StandardCharsets.UTF_8), user);
  }

  @Test
  void openGraphPage_isPreviewed_withTheImageReencodedByTheServer() throws Exception {
    TestUser ann = api.signUp("ann");
    String url = base + "/page?run=" + kind;

    Reply reply = preview(ann, url);

    assertThat(reply.status()).as("%s", reply).isEqualTo(200);
    JsonObject json = reply.json();
    assertThat(json.getString("url")).isEqualTo(url);
    assertThat(json.getString("title")).isEqualTo("Gas meters, read at last");
    assertThat(json.getString("description")).isEqualTo("How a photo of a meter saves a visit.");
    assertThat(json.getString("siteName")).isEqualTo("Meter News");
    String imageUrl = json.getString("imageUrl");
    assertThat(imageUrl).matches("/api/link-preview/image/[0-9a-f]{64}");

    HttpResponse<Buffer> image = await(WebClient.create(p.vertx()).get(p.port(), "127.0.0.1", imageUrl)
        .putHeaders(io.vertx.core.MultiMap.caseInsensitiveMultiMap().addAll(ann.headers())).send());
    assertThat(image.statusCode()).isEqualTo(200);
    assertThat(image.getHeader("Content-Type")).isEqualTo("image/jpeg");
    assertThat(image.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
    BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(image.body().getBytes()));
    assertThat(decoded.getWidth()).isEqualTo(400);
    assertThat(decoded.getHeight()).isEqualTo(300);
    assertThat(api.get("/api/link-preview/image/" + "0".repeat(64), ann).status()).isEqualTo(404);
  }

  @Test
  void secondAsk_isServedFromTheCache_evenForAnotherPerson_andAFailureIsCachedToo() {
    TestUser ben = api.signUp("ben");
    TestUser cat = api.signUp("cat");
    String url = base + "/page?cached=" + kind;
    String failing = base + "/plain?cached=" + kind;

    assertThat(preview(ben, url).status()).isEqualTo(200);
    assertThat(preview(cat, url).json().getString("title")).isEqualTo("Gas meters, read at last");
    assertThat(preview(ben, failing).status()).isEqualTo(422);
    assertThat(preview(cat, failing).status()).isEqualTo(422);

    assertThat(hits.get("/page?cached=" + kind)).hasValue(1);
    assertThat(hits.get("/plain?cached=" + kind)).hasValue(1);
    assertThat(p.sql("SELECT failure FROM link_previews WHERE url = ?", failing)).singleElement()
        .satisfies(row -> assertThat(row.getString("failure")).contains("text/plain"));
  }

  @Test
  void twitterCard_andTitleTag_areTheFallbacks_andAnImageOverTheCapIsLeftOut() {
    Reply reply = preview(api.signUp("dan"), base + "/twitter?run=" + kind);

    assertThat(reply.status()).as("%s", reply).isEqualTo(200);
    assertThat(reply.json().getString("title")).isEqualTo("Plain title");
    assertThat(reply.json().getString("description")).isEqualTo("From the card");
    assertThat(reply.json().getString("siteName")).isEqualTo("127.0.0.1");
    assertThat(reply.json().containsKey("imageUrl")).isFalse();
  }

  @Test
  void redirect_isFollowed_andAPageOverTheCap_isReadUpToIt() {
    TestUser eve = api.signUp("eve");
    assertThat(preview(eve, base + "/to-page?run=" + kind).json().getString("title"))
        .isEqualTo("Gas meters, read at last");
    assertThat(preview(eve, base + "/long?run=" + kind).json().getString("title")).isEqualTo("Long page");
  }

  @Test
  void refusals_sayWhy_asLinkPreviewUnavailable() {
    TestUser fay = api.signUp("fay");
    Map<String, String> cases = Map.of(
        "http://10.1.2.3/page", "private",
        base + "/to-private?run=" + kind, "private",
        base + "/plain?run=" + kind, "text/plain",
        base + "/notitle?run=" + kind, "neither a title nor a description",
        base + "/slow?run=" + kind, "did not answer",
        base + "/missing?run=" + kind, "404");
    cases.forEach((url, why) -> {
      Reply reply = preview(fay, url);
      assertThat(reply.status()).as("%s: %s", url, reply).isEqualTo(422);
      assertThat(reply.json().getString("type")).endsWith("/link-preview-unavailable");
      assertThat(reply.json().getString("detail")).as(url).contains(why);
    });
    for (String bad : new String[] {"ftp://example.com/x", "not a url", "http://user@example.com/"}) {
      Reply reply = preview(fay, bad);
      assertThat(reply.status()).as(bad).isEqualTo(400);
      assertThat(reply.json().getString("field")).isEqualTo("url");
    }
    assertThat(api.get("/api/link-preview", fay).json().getString("field")).isEqualTo("url");
    assertThat(hits).doesNotContainKey("/page?private");
  }

  @Test
  void anAccountPastItsRate_isTold429_withRetryAfter() {
    TestUser gus = api.signUp("gus");
    String url = base + "/page?rate=" + kind;
    for (int i = 0; i < 20; i++) {
      assertThat(preview(gus, url).status()).isEqualTo(200);
    }
    Reply refused = preview(gus, url);
    assertThat(refused.status()).isEqualTo(429);
    assertThat(refused.header("Retry-After")).isNotNull();
    assertThat(preview(api.signUp("hal"), url).status()).as("another account has its own rate").isEqualTo(200);
  }

  @Test
  void send_withLinkPreview_addsIt_falseAddsNone_andAUrlNotInTheText_isRefused() {
    TestUser ivy = api.signUp("ivy");
    TestUser jon = api.signUp("jon");
    String conversation = api.direct(ivy, jon).getString("id");
    String url = base + "/page?send=" + kind;
    String path = "/api/conversations/" + conversation + "/messages";

    Reply with = api.post(path, ivy, new JsonObject().put("clientId", "a1").put("text", "look " + url)
        .put("linkPreview", new JsonObject().put("url", url)));
    Reply without = api.post(path, ivy, new JsonObject().put("clientId", "a2").put("text", "again " + url)
        .put("linkPreview", false));
    Reply unpreviewable = api.post(path, ivy, new JsonObject().put("clientId", "a3")
        .put("text", "see " + base + "/plain?send")
        .put("linkPreview", new JsonObject().put("url", base + "/plain?send")));
    Reply elsewhere = api.post(path, ivy, new JsonObject().put("clientId", "a4").put("text", "no link here")
        .put("linkPreview", new JsonObject().put("url", url)));
    Reply malformed = api.post(path, ivy, new JsonObject().put("clientId", "a5").put("text", url)
        .put("linkPreview", "yes"));

    assertThat(with.status()).as("%s", with).isEqualTo(201);
    assertThat(with.json().getJsonObject("linkPreview").getString("title")).isEqualTo("Gas meters, read at last");
    assertThat(with.json().getJsonObject("linkPreview").getString("url")).isEqualTo(url);
    assertThat(without.status()).isEqualTo(201);
    assertThat(without.json().containsKey("linkPreview")).isFalse();
    assertThat(unpreviewable.status()).as("a site that fails never stops a message").isEqualTo(201);
    assertThat(unpreviewable.json().containsKey("linkPreview")).isFalse();
    assertThat(elsewhere.status()).isEqualTo(400);
    assertThat(elsewhere.json().getString("field")).isEqualTo("/linkPreview/url");
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.json().getString("field")).isEqualTo("/linkPreview");

    JsonObject seen = api.get(path, jon).json().getJsonArray("messages").stream().map(JsonObject.class::cast)
        .filter(m -> "a1".equals(m.getString("clientId")) || m.getString("text").startsWith("look")).findFirst()
        .orElseThrow();
    assertThat(seen.getJsonObject("linkPreview").getString("siteName")).isEqualTo("Meter News");
  }
}
