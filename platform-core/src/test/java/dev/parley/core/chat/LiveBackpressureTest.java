package dev.parley.core.chat;

import static dev.parley.core.ApiClient.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.ApiClient;
import dev.parley.core.LiveClient;
import dev.parley.core.RawWebSocket;
import dev.parley.core.RawWebSocket.Frame;
import dev.parley.core.Reply;
import dev.parley.core.TestDatabases.Kind;
import dev.parley.core.TestPlatform;
import dev.parley.core.TestUser;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A live reader that stops reading its socket is cut off with close code 4008 while the other
 * sessions of the conversation keep receiving everything, and after reconnecting it resumes
 * without losing a message. The slow reader is a plain socket with a small receive buffer that the
 * test does not read; the server's per-session write queue is small (64 KiB) so it fills fast.
 */
class LiveBackpressureTest {

  /** The write queue of the slow-reader test: above one burst of sends (10 x 3 KB), far below all of them. */
  private static final int QUEUE_BYTES = 64 * 1024;
  /** Socket buffers and the resume test's queue: small, so a backlog sits in the queue a while. */
  private static final int SMALL_BYTES = 16 * 1024;
  private static final int MESSAGES = 150;
  private static final String TEXT = "x".repeat(3000); // ~150 x 3 KB, far more than the buffers hold

  @ParameterizedTest(name = "{0}")
  @EnumSource(Kind.class)
  void slowReader_isClosedWith4008_whileOthersReceiveEverything_andResumesWithoutLoss(Kind kind) throws Exception {
    try (TestPlatform p = TestPlatform.builder(kind)
        // The test reads the stalled socket only after all the sends, close frame included: the
        // connection must not be cut meanwhile (LiveSessionLimitsTest checks the cut).
        .platformOptions(
            o -> o.setLive(new LiveOptions().setMaxQueuedBytes(QUEUE_BYTES).setCloseTimeoutMillis(120_000)))
        .httpOptions(h -> h.setSendBufferSize(SMALL_BYTES).setWebSocketClosingTimeout(120))
        .start()) {
      ApiClient api = p.api();
      TestUser slow = api.signUp("Slow");
      TestUser fast = api.signUp("Fast");
      TestUser sender = api.signUp("Sender");
      String group = api.group(sender, "Firehose", slow, fast).getString("id"); // seq 1

      try (RawWebSocket stalled = RawWebSocket.connect("127.0.0.1", p.port(), slow.cookieHeader(), 4096);
          LiveClient healthy = api.live(fast)) {
        stalled.sendText(new JsonObject().put("type", "resume").put("cursors", new JsonObject()).encode());
        assertThat(stalled.readFrame().json().getString("type")).isEqualTo("ready");
        // From here on the test does not read the stalled socket until the senders are done.

        List<Long> healthyGot = new ArrayList<>();
        for (int batch = 0; batch < MESSAGES / 10; batch++) {
          List<Future<Reply>> sends = new ArrayList<>();
          for (int i = 0; i < 10; i++) {
            sends.add(api.sendAsync(sender, group, "m" + batch + "-" + i, TEXT));
          }
          await(Future.join(sends));
          assertThat(sends).allSatisfy(f -> assertThat(f.result().status()).isEqualTo(201));
        }
        long last = 1 + MESSAGES;
        while (healthyGot.size() < MESSAGES) {
          healthyGot.add(healthy.nextMessage().getLong("seq"));
        }
        assertThat(healthyGot).containsExactlyElementsOf(LongStream.rangeClosed(2, last).boxed().toList());

        // Now read what the stalled session was sent: a gap-free prefix, then the close frame.
        List<Long> stalledGot = new ArrayList<>();
        Frame frame;
        while ((frame = stalled.readFrame()).opcode() == Frame.TEXT) {
          JsonObject json = frame.json();
          assertThat(json.getString("type")).isEqualTo("message");
          stalledGot.add(json.getJsonObject("message").getLong("seq"));
        }
        assertThat(frame.opcode()).isEqualTo(Frame.CLOSE);
        assertThat(frame.closeCode()).isEqualTo(4008);
        assertThat(frame.closeReason()).isEqualTo("too slow");
        assertThat(stalledGot).hasSizeLessThan(MESSAGES)
            .containsExactlyElementsOf(LongStream.rangeClosed(2, 1 + stalledGot.size()).boxed().toList());

        // The server is fine, and the healthy session still is live.
        assertThat(api.get("/health/ready", dev.parley.core.Caller.anonymous()).status()).isEqualTo(200);
        JsonObject after = api.send(sender, group, "after the cut");
        assertThat(healthy.nextMessage()).isEqualTo(after);

        // The cut-off reader reconnects and resumes from its last seq: nothing is lost.
        long lastSeen = stalledGot.isEmpty() ? 1 : stalledGot.get(stalledGot.size() - 1);
        try (LiveClient back = api.connectLive(slow)) {
          back.resume(Map.of(group, lastSeen));
          assertThat(back.backlogUntilReady().stream().map(m -> m.getLong("seq")).toList())
              .containsExactlyElementsOf(LongStream.rangeClosed(lastSeen + 1, after.getLong("seq")).boxed().toList());
        }
      }
    }
  }

  /**
   * Regression: the last backlog page was not waited for, so the "ready" after a backlog larger
   * than the write queue found the queue full and cut off a client that reads promptly with 4008.
   */
  @ParameterizedTest(name = "{0}")
  @EnumSource(Kind.class)
  void resume_withABacklogLargerThanTheWriteQueue_endsWithReadyNotACutOff(Kind kind) {
    try (TestPlatform p = TestPlatform.builder(kind)
        .platformOptions(o -> o.setLive(new LiveOptions().setMaxQueuedBytes(SMALL_BYTES)))
        // A small socket buffer stands in for a real network: the backlog sits in the write queue a while.
        .httpOptions(h -> h.setSendBufferSize(SMALL_BYTES))
        .start()) {
      ApiClient api = p.api();
      TestUser reader = api.signUp("Reader");
      TestUser sender = api.signUp("Sender");
      String direct = api.direct(reader, sender).getString("id");
      List<Future<Reply>> sends = new ArrayList<>();
      for (int i = 0; i < 60; i++) { // ~180 KB of backlog for a 16 KiB queue
        sends.add(api.sendAsync(sender, direct, "b" + i, TEXT));
      }
      await(Future.join(sends));

      try (LiveClient live = api.connectLive(reader)) {
        live.resume(Map.of(direct, 0L));
        assertThat(live.backlogUntilReady().stream().map(m -> m.getLong("seq")).toList())
            .containsExactlyElementsOf(LongStream.rangeClosed(1, 60).boxed().toList());
        live.send(new JsonObject().put("type", "ping"));
        assertThat(live.next()).isEqualTo(new JsonObject().put("type", "pong"));
        assertThat(live.isClosed()).isFalse();
      }
    }
  }
}
