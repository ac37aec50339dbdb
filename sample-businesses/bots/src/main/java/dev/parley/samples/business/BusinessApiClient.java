package dev.parley.samples.business;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

/**
 * The Business API ({@code /api/business/v1}) as a bot uses it, with its business's key. A send
 * refused for pace (429 {@code conversation-pace}, one message a second per conversation) is tried
 * again after the {@code Retry-After} it names.
 */
final class BusinessApiClient {

  private static final String BASE = "/api/business/v1";
  private static final int PACE_ATTEMPTS = 5;

  /** A refusal of the API: its status and problem type (the last segment of {@code type}). */
  static final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;
    final String problem;

    ApiError(int status, String problem, String detail) {
      super(status + " " + problem + ": " + detail);
      this.status = status;
      this.problem = problem;
    }
  }

  private final Vertx vertx;
  private final WebClient client;
  private final String baseUrl;
  private final String key;

  BusinessApiClient(Vertx vertx, WebClient client, String baseUrl, String key) {
    this.vertx = vertx;
    this.client = client;
    this.baseUrl = baseUrl;
    this.key = key;
  }

  Vertx vertx() {
    return vertx;
  }

  Future<JsonObject> get(String path) {
    return client.requestAbs(HttpMethod.GET, baseUrl + BASE + path).bearerTokenAuthentication(key).send()
        .compose(BusinessApiClient::answer);
  }

  Future<JsonObject> post(String path, JsonObject body) {
    return post(path, body, 1);
  }

  private Future<JsonObject> post(String path, JsonObject body, int attempt) {
    return client.requestAbs(HttpMethod.POST, baseUrl + BASE + path).bearerTokenAuthentication(key)
        .sendJsonObject(body).compose(r -> {
          if (r.statusCode() == 429 && attempt < PACE_ATTEMPTS) {
            long seconds = parse(r.getHeader("Retry-After"));
            Promise<JsonObject> later = Promise.promise();
            vertx.setTimer(Math.max(1, seconds) * 1000 + 50, t -> post(path, body, attempt + 1).onComplete(later));
            return later.future();
          }
          return answer(r);
        });
  }

  /** Uploads a file through the attachments pipeline; the answer has its id. */
  Future<JsonObject> upload(String name, String contentType, Buffer bytes) {
    return client.requestAbs(HttpMethod.POST, baseUrl + BASE + "/media").addQueryParam("name", name)
        .bearerTokenAuthentication(key).putHeader("Content-Type", contentType).sendBuffer(bytes)
        .compose(BusinessApiClient::answer);
  }

  private static long parse(String retryAfter) {
    try {
      return retryAfter == null ? 1 : Long.parseLong(retryAfter.strip());
    } catch (NumberFormatException e) {
      return 1;
    }
  }

  private static Future<JsonObject> answer(HttpResponse<Buffer> r) {
    if (r.statusCode() / 100 == 2) {
      Buffer body = r.body();
      return Future.succeededFuture(body == null || body.length() == 0 ? new JsonObject() : parseObject(body));
    }
    JsonObject problem;
    try {
      problem = r.body() == null ? new JsonObject() : r.bodyAsJsonObject();
    } catch (RuntimeException e) {
      problem = new JsonObject();
    }
    String type = problem.getString("type", "about:blank");
    return Future.failedFuture(new ApiError(r.statusCode(), type.substring(type.lastIndexOf('/') + 1),
        problem.getString("detail", "")));
  }

  private static JsonObject parseObject(Buffer body) {
    // Json.decodeValue gives JsonObject / JsonArray (Buffer.toJson may give a plain Map)
    Object value = io.vertx.core.json.Json.decodeValue(body);
    return value instanceof JsonObject o ? o : new JsonObject().put("items", value);
  }
}
