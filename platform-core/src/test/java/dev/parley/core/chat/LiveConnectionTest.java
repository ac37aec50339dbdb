package dev.parley.core.chat;

import static dev.parley.core.ApiClient.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.LiveClient;
import dev.parley.core.RawWebSocket;
import dev.parley.core.accounts.Account;
import dev.parley.core.accounts.Principal;
import dev.parley.core.accounts.Role;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One live session's delivery, on a real WebSocket, driven directly: events arrive from another
 * thread than the socket's event loop, as they do from the hub.
 */
class LiveConnectionTest {

  private Vertx vertx;
  private HttpServer server;
  private final Promise<ServerWebSocket> accepted = Promise.promise();
  private final AtomicReference<Context> socketContext = new AtomicReference<>();

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    // A small send buffer, so that a peer that reads nothing fills the session's queue fast.
    server = await(vertx.createHttpServer(new HttpServerOptions().setSendBufferSize(16 * 1024))
        .requestHandler(request -> request.pause().toWebSocket().onSuccess(ws -> { // as ChatApi takes the socket over
          socketContext.set(Vertx.currentContext());
          accepted.complete(ws);
        })).listen(0, "127.0.0.1"));
  }

  @AfterEach
  void stop() {
    await(vertx.close());
  }

  /**
   * Regression: the too-slow check used Vert.x's writeQueueFull(), which for writes from another
   * thread counts messages waiting for the socket's event loop (16 at most) rather than the bytes
   * of live.maxQueuedBytes. While that event loop was busy, a burst of 17 events closed a reader
   * that reads promptly with 4008.
   */
  @Test
  void burstWhileTheSocketsEventLoopIsBusy_isDeliveredInFull_notCutOffAsTooSlow() throws Exception {
    try (LiveClient client = await(LiveClient.connect(vertx, "127.0.0.1", server.actualPort(), null))) {
      ServerWebSocket ws = await(accepted.future());
      Account account = new Account("abcdefghijklmnopqrst", "reader", "Reader", Set.of(Role.USER));
      LiveConnection connection = new LiveConnection(null, ws, new Principal(account, Principal.Via.SESSION, "h", "c"),
          new LiveOptions(), socketContext.get());
      connection.start();

      CountDownLatch busy = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      socketContext.get().runOnContext(v -> {
        busy.countDown();
        try {
          release.await(1, TimeUnit.MINUTES); // the socket's event loop is busy with something else
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      assertThat(busy.await(1, TimeUnit.MINUTES)).isTrue();
      int burst = 40;
      for (int seq = 1; seq <= burst; seq++) {
        connection.deliver("conv", seq, new JsonObject().put("type", "message")
            .put("message", new JsonObject().put("seq", seq)).encode());
      }
      release.countDown();

      for (int seq = 1; seq <= burst; seq++) {
        assertThat(client.nextMessage().getInteger("seq")).isEqualTo(seq);
      }
      assertThat(client.isClosed()).isFalse();
      assertThat(connection.isClosed()).isFalse();
    }
  }

  /**
   * Regression (probe finding 4): a peer that reads nothing never gets the 4008 close frame (it
   * waits behind the unread frames), so the TCP connection stayed open until the peer went away.
   * It is now cut {@code closeTimeoutMillis} after the close frame.
   */
  @Test
  void cutOffReaderThatNeverReads_hasItsConnectionClosed() throws Exception {
    try (RawWebSocket raw = RawWebSocket.connect("127.0.0.1", server.actualPort(), "x=y", 4096)) {
      ServerWebSocket ws = await(accepted.future());
      Account account = new Account("abcdefghijklmnopqrst", "reader", "Reader", Set.of(Role.USER));
      LiveConnection connection = new LiveConnection(null, ws, new Principal(account, Principal.Via.SESSION, "h", "c"),
          new LiveOptions().setMaxQueuedBytes(64 * 1024).setCloseTimeoutMillis(500), socketContext.get());
      Promise<Void> tcpClosed = Promise.promise();
      ws.closeHandler(v -> {
        connection.socketClosed();
        tcpClosed.tryComplete();
      });
      connection.start();
      String text = "x".repeat(3000);
      for (int seq = 1; seq <= 200; seq++) { // ~600 KB for a 64 KiB queue, and the peer reads nothing
        connection.deliver("conv", seq, new JsonObject().put("type", "message")
            .put("message", new JsonObject().put("seq", seq).put("text", text)).encode());
      }
      await(tcpClosed.future()); // before the fix: only when the peer goes away, that is never here
      assertThat(ws.isClosed()).isTrue();
    }
  }
}
