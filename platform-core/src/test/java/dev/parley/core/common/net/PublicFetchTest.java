package dev.parley.core.common.net;

import static dev.parley.core.ApiClient.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import java.net.InetAddress;
import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shared hardened fetch: address policy, redirects checked hop by hop, size caps, content types. */
class PublicFetchTest {

  private static Vertx vertx;
  private static HttpServer server;
  private static String base;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    server = await(vertx.createHttpServer().requestHandler(r -> {
      switch (r.path()) {
        case "/big" -> r.response().putHeader("Content-Type", "text/html").end("<p>" + "x".repeat(200_000));
        case "/hop" -> r.response().setStatusCode(301).putHeader("Location", "/big").end();
        case "/private" -> r.response().setStatusCode(307).putHeader("Location", "http://192.168.1.1/").end();
        default -> r.response().putHeader("Content-Type", "image/png").end(Buffer.buffer(new byte[10]));
      }
    }).listen(0, "127.0.0.1"));
    base = "http://127.0.0.1:" + server.actualPort();
  }

  @AfterAll
  static void stop() {
    await(vertx.close());
  }

  private static PublicFetch fetch(AddressPolicy policy) {
    return new PublicFetch(vertx, policy, 10_000);
  }

  @Test
  void publicPolicy_refusesLoopbackPrivateAndOddPorts() throws Exception {
    assertThatThrownBy(() -> await(fetch(AddressPolicy.PUBLIC).fetch(PublicFetch.get(URI.create(base + "/big")))))
        .hasMessageContaining("private or local address");
    assertThat(AddressPolicy.isPublic(InetAddress.getByName("10.0.0.1"))).isFalse();
    assertThat(AddressPolicy.isPublic(InetAddress.getByName("100.64.0.1"))).isFalse();
    assertThat(AddressPolicy.isPublic(InetAddress.getByName("169.254.169.254"))).isFalse();
    assertThat(AddressPolicy.isPublic(InetAddress.getByName("fd00::1"))).isFalse();
    assertThat(AddressPolicy.isPublic(InetAddress.getByName("93.184.216.34"))).isTrue();
    assertThat(AddressPolicy.PUBLIC.allows(InetAddress.getByName("93.184.216.34"), 5432)).isFalse();
  }

  @Test
  void truncating_readsUpToTheCap_andRefusingFailsPastIt() {
    PublicFetch.Response cut;
    try {
      cut = await(fetch(AddressPolicy.loopbackToo())
          .fetch(PublicFetch.get(URI.create(base + "/big")).maxBytes(1000, true)));
    } catch (RuntimeException e) {
      throw new AssertionError("first", e);
    }
    assertThat(cut.truncated()).isTrue();
    assertThat(cut.body().length()).isEqualTo(1000);
    assertThat(cut.body().toString()).startsWith("<p>xxx");
    assertThatThrownBy(() -> await(fetch(AddressPolicy.loopbackToo())
        .fetch(PublicFetch.get(URI.create(base + "/big")).maxBytes(1000, false))))
        .hasMessageContaining("larger than 1000 bytes");
  }

  @Test
  void redirects_areFollowedOnlyWhenAllowed_andEachHopIsChecked() {
    PublicFetch fetch = fetch(AddressPolicy.loopbackToo());
    assertThat(await(fetch.fetch(PublicFetch.get(URI.create(base + "/hop")).maxRedirects(1).maxBytes(1 << 20, true)))
        .url().getPath()).isEqualTo("/big");
    assertThatThrownBy(() -> await(fetch.fetch(PublicFetch.get(URI.create(base + "/hop")))))
        .hasMessageContaining("redirect");
    assertThatThrownBy(() -> await(fetch.fetch(PublicFetch.get(URI.create(base + "/private")).maxRedirects(3))))
        .hasMessageContaining("private or local address");
    assertThatThrownBy(() -> await(fetch.fetch(PublicFetch.get(URI.create(base + "/img"))
        .contentTypes("text/html"::equals)))).hasMessageContaining("image/png");
  }
}
