package dev.parley.cli;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ConnectException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * The server's HTTP API as the CLI uses it (the JDK's HttpClient, Vert.x's JSON types). Every
 * refusal becomes a {@link CliFailure} saying, in words, what the API's problem says: its
 * {@code detail}, the field, and a bundle's problems one per line.
 */
public final class ServerApi {

  private final String server;
  private final Optional<String> token;
  private final HttpClient http;
  private String csrf;

  public ServerApi(String server, Optional<String> token) {
    this.server = normalize(server);
    this.token = token;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).cookieHandler(new CookieManager())
        .followRedirects(HttpClient.Redirect.NEVER).build();
  }

  /** {@code localhost:8080} → {@code http://localhost:8080}; no trailing slash. */
  public static String normalize(String server) {
    String s = server.strip();
    if (!s.startsWith("http://") && !s.startsWith("https://")) {
      s = "http://" + s;
    }
    while (s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    try {
      URI uri = URI.create(s);
      if (uri.getHost() == null) {
        throw new IllegalArgumentException("no host");
      }
    } catch (IllegalArgumentException e) {
      throw new CliFailure(ExitCodes.USAGE, "'" + server + "' is not a server address (e.g. http://localhost:8080)");
    }
    return s;
  }

  public String server() {
    return server;
  }

  /** Signs in with a password (a session cookie and its CSRF token), for {@code login}. */
  public JsonObject signIn(String username, String password) {
    JsonObject answer = (JsonObject) send("POST", "/api/auth/signin",
        new JsonObject().put("username", username).put("password", password), true);
    csrf = answer.getString("csrfToken");
    return answer;
  }

  public Object get(String path) {
    return send("GET", path, null, false);
  }

  public JsonObject getObject(String path) {
    return (JsonObject) get(path);
  }

  public JsonArray getArray(String path) {
    return (JsonArray) get(path);
  }

  public JsonObject post(String path, JsonObject body) {
    return (JsonObject) send("POST", path, body, false);
  }

  /** Sends a JSON body (or none); answers the decoded JSON (null for 204). */
  public Object send(String method, String path, JsonObject body, boolean signingIn) {
    HttpRequest.Builder request = base(path).header("Accept", "application/json");
    if (body != null) {
      request.header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(body.encode(), StandardCharsets.UTF_8));
    } else {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    }
    return exchange(request.build(), signingIn);
  }

  /** Uploads a bundle zip as the raw body. */
  public JsonObject upload(String path, byte[] zip) {
    HttpRequest request = base(path).header("Content-Type", "application/zip").header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(zip)).build();
    return (JsonObject) exchange(request, false);
  }

  /** A request to the server (for streams the caller reads itself). */
  public HttpRequest.Builder base(String path) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server + path)).timeout(Duration.ofSeconds(60));
    token.ifPresent(t -> b.header("Authorization", "Bearer " + t));
    if (csrf != null) {
      b.header("X-CSRF-Token", csrf);
    }
    return b;
  }

  public HttpClient http() {
    return http;
  }

  private Object exchange(HttpRequest request, boolean signingIn) {
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (ConnectException | HttpConnectTimeoutException e) {
      throw unreachable(server);
    } catch (IOException e) {
      throw new CliFailure(ExitCodes.UNREACHABLE, "the connection to " + server + " failed: "
          + Optional.ofNullable(e.getMessage()).orElse(e.getClass().getSimpleName()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliFailure(ExitCodes.FAILED, "interrupted");
    }
    int status = response.statusCode();
    String text = response.body();
    if (status >= 200 && status < 300) {
      if (text == null || text.isBlank()) {
        return null;
      }
      return decode(text, status);
    }
    throw refusal(status, text, signingIn);
  }

  public static CliFailure unreachable(String server) {
    return new CliFailure(ExitCodes.UNREACHABLE, "cannot reach the Parley server at " + server
        + ": is it running (./parley start), and is the address right? (set it with --server or parley app login)");
  }

  private Object decode(String text, int status) {
    try {
      String t = text.strip();
      return t.startsWith("[") ? new JsonArray(t) : new JsonObject(t);
    } catch (DecodeException e) {
      throw new CliFailure(ExitCodes.FAILED, "the server at " + server + " answered " + status
          + " with something that is not JSON: is this a Parley server?");
    }
  }

  private CliFailure refusal(int status, String text, boolean signingIn) {
    JsonObject problem;
    try {
      problem = new JsonObject(text == null || text.isBlank() ? "{}" : text);
    } catch (DecodeException e) {
      problem = new JsonObject();
    }
    String detail = problem.getString("detail", "HTTP " + status);
    if (status == 401) {
      return new CliFailure(ExitCodes.NOT_SIGNED_IN, signingIn
          ? "sign-in refused: " + detail
          : "not signed in: the server refused the token (" + detail
              + "). Sign in again with: parley app login --server "
              + server);
    }
    return new CliFailure(ExitCodes.FAILED, describe(status, problem, detail));
  }

  /** The problem in words: its detail, the field it names, and each bundle problem on its own line. */
  static String describe(int status, JsonObject problem, String detail) {
    StringBuilder out = new StringBuilder();
    out.append(detail);
    String field = problem.getString("field");
    if (field != null && !field.isEmpty() && !detail.contains(field)) {
      out.append(" (").append(field).append(")");
    }
    if (status == 403 && detail.toLowerCase(java.util.Locale.ROOT).contains("role")) {
      out.append("\nAn admin can give your account the developer role in the admin console.");
    }
    JsonArray problems = problem.getJsonArray("problems");
    if (problems != null) {
      String file = problem.getString("file", "manifest.json");
      for (Object p : problems) {
        if (p instanceof JsonObject o) {
          out.append("\n  ").append(file).append(" ").append(o.getString("path", "")).append(": ")
              .append(o.getString("message", ""));
        }
      }
    }
    if (problem.getString("correlationId") != null) {
      out.append(" [request ").append(problem.getString("correlationId")).append("]");
    }
    return out.toString();
  }
}
