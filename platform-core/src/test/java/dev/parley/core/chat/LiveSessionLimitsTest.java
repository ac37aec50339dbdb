package dev.parley.core.chat;

import static dev.parley.core.TestApps.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.LiveClient;
import dev.parley.core.PlatformTestBase;
import dev.parley.core.RawWebSocket;
import dev.parley.core.Reply;
import dev.parley.core.TestPlatform;
import dev.parley.core.TestUser;
import dev.parley.core.accounts.SessionsEnded;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What ends a live socket besides its client: the session behind it ending (sign-out, a revoked
 * token, an account's sessions ended on any node: close code 4001), falling too far behind (4008,
 * and then the TCP connection is cut even if the peer never reads the close frame), and the caps
 * on live connections per account and per address (4029). "Receives nothing more" is checked with
 * a later marker on a session that stays open, never by waiting.
 */
class LiveSessionLimitsTest extends PlatformTestBase {

  private static final int PER_ACCOUNT = 3;
  private static final int PER_ADDRESS = 8;

  @Override
  protected TestPlatform.Builder configure(TestPlatform.Builder builder) {
    return builder
        .platformOptions(o -> o.setLive(new LiveOptions().setMaxQueuedBytes(64 * 1024)
            .setMaxConnectionsPerAccount(PER_ACCOUNT).setMaxConnectionsPerAddress(PER_ADDRESS)))
        // A small socket buffer, so that a peer that reads nothing fills the server's queue fast.
        .httpOptions(h -> h.setSendBufferSize(16 * 1024));
  }

  private LiveHub hub() {
    return p.platform().liveHub();
  }

  @BeforeEach
  void noSocketOfAnEarlierTestLeft() {
    eventually("the sockets of earlier tests are closed", Duration.ofSeconds(20), () -> hub().sockets() == 0);
  }

  /** Regression (probe finding 3): after sign-out the open socket kept receiving the group and could send. */
  @Test
  void signOut_closesThatSessionsSocketsWith4001_andTheyGetNothingMore() {
    TestUser ann = api.signUp("Ann");
    TestUser annPhone = api.newSession(ann);
    TestUser ben = api.signUp("Ben");
    String group = api.group(ben, "Still talking", ann).getString("id");
    try (LiveClient laptop = api.live(ann);
        LiveClient phone = api.live(annPhone);
        LiveClient benLive = api.live(ben)) {
      assertThat(api.post("/api/auth/signout", ann, null).status()).isEqualTo(204);

      assertThat(laptop.awaitClose()).isEqualTo(LiveConnection.CLOSE_SESSION_ENDED);
      assertThat(laptop.socket().closeReason()).isEqualTo("session ended");
      JsonObject after = api.send(ben, group, "after the sign-out");
      assertThat(phone.nextMessage()).as("ann's other session stays live").isEqualTo(after);
      assertThat(benLive.nextMessage()).isEqualTo(after);
      assertThat(laptop.pending()).as("the signed-out socket got nothing more").isEmpty();
      assertThat(phone.isClosed()).isFalse();
    }
    // Nor can the signed-out cookie open a new one.
    try {
      assertThat(RawWebSocket.handshake("127.0.0.1", p.port(), Map.of("Cookie", ann.cookieHeader())))
          .startsWith("HTTP/1.1 401");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * Ending sessions goes through the event bus, so a notice published on any node (here: by the
   * test, as another node or an account suspension would) closes every socket of the account.
   */
  @Test
  void accountSessionsEndedOnTheEventBus_closeAllItsSockets_andOnlyThem() {
    TestUser cid = api.signUp("Cid");
    TestUser cidTablet = api.newSession(cid);
    TestUser dot = api.signUp("Dot");
    String direct = api.direct(cid, dot).getString("id");
    try (LiveClient one = api.live(cid);
        LiveClient two = api.live(cidTablet);
        LiveClient dotLive = api.live(dot)) {
      SessionsEnded.account(p.vertx().eventBus(), cid.id());

      assertThat(one.awaitClose()).isEqualTo(LiveConnection.CLOSE_SESSION_ENDED);
      assertThat(two.awaitClose()).isEqualTo(LiveConnection.CLOSE_SESSION_ENDED);
      JsonObject marker = api.send(cid, direct, "HTTP still works for this cookie; only the sockets ended");
      assertThat(dotLive.nextMessage()).isEqualTo(marker);
      assertThat(one.pending()).isEmpty();
      assertThat(two.pending()).isEmpty();
    }
  }

  @Test
  void revokingAnApiToken_closesTheSocketsOpenedWithATokenOfThatAccount() {
    TestUser eve = p.developer(api.uniqueName("eve"));
    Reply created = api.post("/api/tokens", eve, new JsonObject().put("name", "cli"));
    assertThat(created.status()).isEqualTo(201);
    String token = created.json().getString("token");
    try (LiveClient viaToken = dev.parley.core.ApiClient.await(LiveClient.connect(p.vertx(), "127.0.0.1",
        p.port(), null, Map.of("Authorization", "Bearer " + token)));
        LiveClient viaCookie = api.live(eve)) {
      viaToken.send(new JsonObject().put("type", "ping"));
      assertThat(viaToken.next()).isEqualTo(new JsonObject().put("type", "pong"));

      assertThat(api.delete("/api/tokens/" + created.json().getString("id"), eve).status()).isEqualTo(204);

      assertThat(viaToken.awaitClose()).isEqualTo(LiveConnection.CLOSE_SESSION_ENDED);
      viaCookie.send(new JsonObject().put("type", "ping"));
      assertThat(viaCookie.next()).as("the cookie session is not a token's").isEqualTo(
          new JsonObject().put("type", "pong"));
    }
  }

  /** Regression (probe finding 4): one account could hold any number of live connections. */
  @Test
  void connectionsOverTheAccountCap_areRefusedWith4029_andAClosedOneFreesItsPlace() {
    TestUser fay = api.signUp("Fay");
    List<LiveClient> open = new ArrayList<>();
    try {
      for (int i = 0; i < PER_ACCOUNT; i++) {
        open.add(api.live(fay));
      }
      try (LiveClient extra = api.connectLive(fay)) {
        assertThat(extra.awaitClose()).isEqualTo(LiveConnection.CLOSE_TOO_MANY);
        assertThat(extra.socket().closeReason()).isEqualTo("too many live connections for this account");
      }
      open.remove(0).close();
      eventually("the closed connection stops counting", Duration.ofSeconds(10),
          () -> hub().connections() == PER_ACCOUNT - 1);
      try (LiveClient again = api.live(fay)) {
        again.send(new JsonObject().put("type", "ping"));
        assertThat(again.next()).isEqualTo(new JsonObject().put("type", "pong"));
      }
    } finally {
      open.forEach(LiveClient::close);
    }
  }

  @Test
  void connectionsOverTheAddressCap_areRefusedWith4029() {
    List<LiveClient> open = new ArrayList<>();
    try {
      while (open.size() < PER_ADDRESS) {
        TestUser user = api.signUp("Gus");
        for (int i = 0; i < PER_ACCOUNT && open.size() < PER_ADDRESS; i++) {
          open.add(api.live(user));
        }
      }
      try (LiveClient extra = api.connectLive(api.signUp("Hal"))) {
        assertThat(extra.awaitClose()).isEqualTo(LiveConnection.CLOSE_TOO_MANY);
        assertThat(extra.socket().closeReason()).isEqualTo("too many live connections from this address");
      }
      assertThat(hub().connections()).isEqualTo(PER_ADDRESS);
    } finally {
      open.forEach(LiveClient::close);
    }
  }

  /**
   * Regression (probe finding 4): after close code 4008 a peer that reads nothing (so never gets
   * the close frame, which waits behind the unread frames) still counted as live. That its TCP
   * connection is then cut is checked on one session in LiveConnectionTest.
   */
  @Test
  void aCutOffReaderThatNeverReads_stopsCountingAtOnce() throws Exception {
    TestUser stalled = api.signUp("Ivy");
    TestUser sender = api.signUp("Jay");
    String direct = api.direct(stalled, sender).getString("id");
    try (RawWebSocket raw = RawWebSocket.connect("127.0.0.1", p.port(), stalled.cookieHeader(), 4096)) {
      raw.sendText(new JsonObject().put("type", "resume").put("cursors", new JsonObject()).encode());
      assertThat(raw.readFrame().json().getString("type")).isEqualTo("ready");
      assertThat(hub().connections()).isEqualTo(1);

      String text = "x".repeat(3000);
      for (int batch = 0; batch < 15; batch++) { // ~450 KB for a 64 KiB queue: the peer reads nothing
        List<Future<Reply>> sends = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
          sends.add(api.sendAsync(sender, direct, "m" + batch + "-" + i, text));
        }
        dev.parley.core.ApiClient.await(Future.join(sends));
      }

      eventually("the cut-off session no longer counts as live", Duration.ofSeconds(20),
          () -> hub().connections() == 0);
    }
  }
}
