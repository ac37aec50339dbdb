package dev.parley.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One live session on {@code /api/live}, for tests. Every frame the server sends is queued; the
 * test takes them in order, waiting for each (at most {@link ApiClient#TIMEOUT}), never sleeping.
 */
public final class LiveClient implements AutoCloseable {

  private final WebSocketClient client;
  private final WebSocket ws;
  private final BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
  private final Promise<Short> closed = Promise.promise();

  private LiveClient(WebSocketClient client, WebSocket ws) {
    this.client = client;
    this.ws = ws;
    ws.textMessageHandler(text -> frames.add(new JsonObject(text)));
    ws.closeHandler(v -> closed.tryComplete(ws.closeStatusCode() == null ? -1 : ws.closeStatusCode()));
  }

  /** Connects with the {@code Cookie} header value {@code cookie} (null: none) and extra headers. */
  public static Future<LiveClient> connect(Vertx vertx, String host, int port, String cookie,
      Map<String, String> headers) {
    return connect(vertx, host, port, cookie, headers, "/api/live");
  }

  /** Connects to {@code uri} (e.g. {@code /api/live?resume=1}) with the cookie and extra headers. */
  public static Future<LiveClient> connect(Vertx vertx, String host, int port, String cookie,
      Map<String, String> headers, String uri) {
    WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxFrameSize(128 * 1024)
        .setMaxMessageSize(256 * 1024));
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost(host).setPort(port).setURI(uri);
    if (cookie != null) {
      options.addHeader("Cookie", cookie);
    }
    if (headers.containsKey("Origin")) {
      options.setAllowOriginHeader(false);
    }
    headers.forEach(options::addHeader);
    return client.connect(options)
        .map(ws -> new LiveClient(client, ws))
        .onFailure(e -> client.close());
  }

  public static Future<LiveClient> connect(Vertx vertx, String host, int port, String cookie) {
    return connect(vertx, host, port, cookie, Map.of());
  }

  /** Sends {@code {"type":"resume","cursors":{...}}}. */
  public LiveClient resume(Map<String, Long> cursors) {
    JsonObject c = new JsonObject();
    cursors.forEach(c::put);
    return send(new JsonObject().put("type", "resume").put("cursors", c));
  }

  public LiveClient send(JsonObject frame) {
    ApiClient.await(ws.writeTextMessage(frame.encode()));
    return this;
  }

  /** The next frame, whatever it is. */
  public JsonObject next() {
    try {
      JsonObject frame = frames.poll(ApiClient.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      if (frame == null) {
        throw new AssertionError("no live frame within " + ApiClient.TIMEOUT);
      }
      return frame;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The next frame if one arrives within {@code millis}, else null. */
  public JsonObject poll(long millis) {
    try {
      return frames.poll(millis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The next frame of {@code type}; frames of other types before it are dropped. */
  public JsonObject next(String type) {
    while (true) {
      JsonObject frame = next();
      if (type.equals(frame.getString("type"))) {
        return frame;
      }
    }
  }

  /** The message of the next {@code message} frame; frames of other types before it are dropped. */
  public JsonObject nextMessage() {
    return next("message").getJsonObject("message");
  }

  /** The next {@code n} messages (other frame types are dropped); fails naming what did arrive. */
  public List<JsonObject> nextMessages(int n) {
    List<JsonObject> out = new ArrayList<>();
    try {
      while (out.size() < n) {
        out.add(nextMessage());
      }
    } catch (AssertionError e) {
      throw new AssertionError("received " + out.size() + " of " + n + " messages, seqs "
          + out.stream().map(m -> m.getLong("seq")).toList()
          + (isClosed() ? "; the server closed the session with " + awaitClose() : "; the session is open"), e);
    }
    return out;
  }

  /**
   * The messages that arrive before {@code ready}, in order; delivery and read marks are skipped,
   * other frame types are not expected in a quiet resume and fail the test.
   */
  public List<JsonObject> backlogUntilReady() {
    List<JsonObject> out = new ArrayList<>();
    while (true) {
      JsonObject frame = next();
      switch (frame.getString("type")) {
        case "ready" -> {
          return out;
        }
        case "message" -> out.add(frame.getJsonObject("message"));
        // other members' delivery and read marks of the same messages may interleave: not messages
        case "delivered", "read" -> {
        }
        default -> throw new AssertionError("unexpected frame during resume: " + frame);
      }
    }
  }

  /** Frames received and not yet taken. */
  public List<JsonObject> pending() {
    List<JsonObject> out = new ArrayList<>();
    frames.drainTo(out);
    return out;
  }

  /** Waits until the server closes this session; returns the close code. */
  public short awaitClose() {
    return ApiClient.await(closed.future());
  }

  public boolean isClosed() {
    return closed.future().isComplete();
  }

  public WebSocket socket() {
    return ws;
  }

  @Override
  public void close() {
    if (!ws.isClosed()) {
      ApiClient.await(ws.close().recover(e -> Future.succeededFuture()));
    }
    ApiClient.await(client.close());
  }

  /** Asserts that the next frame is a message with this text, and returns the message. */
  public JsonObject expectMessage(String text) {
    JsonObject message = nextMessage();
    assertThat(message.getString("text")).isEqualTo(text);
    return message;
  }
}
