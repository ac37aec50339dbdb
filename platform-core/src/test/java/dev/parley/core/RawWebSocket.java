package dev.parley.core;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/**
 * A minimal blocking WebSocket client on a plain socket, for the one thing the Vert.x client cannot
 * do: stop reading the TCP connection altogether, so that the server's writes pile up. It reads only
 * when the test calls {@link #readFrame()}; its small receive buffer fills quickly.
 */
public final class RawWebSocket implements AutoCloseable {

  /** One frame from the server: its opcode and payload. */
  public record Frame(int opcode, byte[] payload) {
    public static final int TEXT = 1;
    public static final int CLOSE = 8;

    public String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }

    public JsonObject json() {
      return new JsonObject(text());
    }

    /** The status code of a close frame. */
    public int closeCode() {
      return ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
    }

    public String closeReason() {
      return new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8);
    }
  }

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final SecureRandom random = new SecureRandom();

  private RawWebSocket(Socket socket) throws IOException {
    this.socket = socket;
    this.in = socket.getInputStream();
    this.out = socket.getOutputStream();
  }

  /**
   * Opens {@code /api/live} with the {@code Cookie} header {@code cookie}, with a receive buffer of
   * {@code receiveBufferBytes}; fails unless the server switches protocols.
   */
  public static RawWebSocket connect(String host, int port, String cookie, int receiveBufferBytes) throws IOException {
    RawWebSocket ws = open(host, port, receiveBufferBytes);
    String head = ws.upgrade(host, port, Map.of("Cookie", cookie));
    if (!head.startsWith("HTTP/1.1 101")) {
      ws.close();
      throw new IOException("the server refused the WebSocket handshake: " + head.lines().findFirst().orElse(head));
    }
    return ws;
  }

  /**
   * Sends an upgrade request for {@code /api/live} with exactly these extra headers and returns the
   * answer's head (status line and headers), then closes the connection.
   */
  public static String handshake(String host, int port, Map<String, String> headers) throws IOException {
    try (RawWebSocket ws = open(host, port, 64 * 1024)) {
      return ws.upgrade(host, port, headers);
    }
  }

  private static RawWebSocket open(String host, int port, int receiveBufferBytes) throws IOException {
    Socket socket = new Socket();
    socket.setReceiveBufferSize(receiveBufferBytes); // before connecting, so the TCP window stays small
    socket.setSoTimeout((int) ApiClient.TIMEOUT.toMillis());
    socket.connect(new InetSocketAddress(host, port), 10_000);
    return new RawWebSocket(socket);
  }

  private String upgrade(String host, int port, Map<String, String> headers) throws IOException {
    byte[] key = new byte[16];
    random.nextBytes(key);
    StringBuilder request = new StringBuilder("GET /api/live HTTP/1.1\r\n")
        .append("Host: ").append(host).append(':').append(port).append("\r\n")
        .append("Upgrade: websocket\r\n")
        .append("Connection: Upgrade\r\n")
        .append("Sec-WebSocket-Key: ").append(Base64.getEncoder().encodeToString(key)).append("\r\n")
        .append("Sec-WebSocket-Version: 13\r\n");
    headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
    out.write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
    out.flush();
    return readHead();
  }

  private String readHead() throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed during the handshake");
      }
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return head.toString(StandardCharsets.US_ASCII);
  }

  /** Sends one masked text frame, as a client must. */
  public void sendText(String text) throws IOException {
    byte[] payload = text.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    frame.write(0x80 | Frame.TEXT);
    if (payload.length < 126) {
      frame.write(0x80 | payload.length);
    } else {
      frame.write(0x80 | 126);
      frame.write(payload.length >>> 8);
      frame.write(payload.length & 0xff);
    }
    byte[] mask = new byte[4];
    random.nextBytes(mask);
    frame.write(mask);
    for (int i = 0; i < payload.length; i++) {
      frame.write(payload[i] ^ mask[i % 4]);
    }
    out.write(frame.toByteArray());
    out.flush();
  }

  /** Reads the next frame, blocking (at most {@link ApiClient#TIMEOUT}). */
  public Frame readFrame() throws IOException {
    int b0 = readByte();
    int b1 = readByte();
    long length = b1 & 0x7f;
    if (length == 126) {
      length = ((long) readByte() << 8) | readByte();
    } else if (length == 127) {
      length = 0;
      for (int i = 0; i < 8; i++) {
        length = (length << 8) | readByte();
      }
    }
    if ((b1 & 0x80) != 0) {
      throw new IOException("the server masked a frame");
    }
    if ((b0 & 0x80) == 0) {
      throw new IOException("fragmented frames are not expected from this server");
    }
    return new Frame(b0 & 0x0f, in.readNBytes((int) length));
  }

  private int readByte() throws IOException {
    int b = in.read();
    if (b < 0) {
      throw new IOException("connection closed");
    }
    return b;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
