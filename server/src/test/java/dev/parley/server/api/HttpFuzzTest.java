package dev.parley.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.ApiClient;
import dev.parley.core.Caller;
import dev.parley.core.Reply;
import dev.parley.core.TestApps;
import dev.parley.core.TestDatabases.Kind;
import dev.parley.core.TestUser;
import dev.parley.server.TestServer;
import dev.parley.server.api.OpenApiOperations.Operation;
import dev.parley.server.api.OpenApiOperations.Parameter;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * An HTTP fuzz of every operation of platform-core's {@code openapi.yaml} against a real server: each is called
 * anonymously and with a valid session (the app's developer, or an admin for {@code /admin}), with wrong types and
 * huge values for each body field (long strings, 2^64, deep nesting, lone surrogates, control characters), bodies of
 * the wrong content type (form, multipart, text, none) or encoding (BOM, UTF-16, invalid UTF-8), and huge or
 * malformed path and query parameters. It fails on any 5xx, any body with a Java stack trace or exception class name,
 * and any error that is not {@code application/problem+json}.
 *
 * <p>Deterministic: the cases are generated, then a sample of {@code parley.httpFuzz.requests} (default
 * {@value #DEFAULT_REQUESTS}) is drawn with the seed {@code parley.httpFuzz.seed} (default {@value #DEFAULT_SEED}).
 * {@code -Dparley.httpFuzz.requests=100000} sends them all; docs/fuzzing.md says more. Every failure is written to
 * {@code target/http-fuzz-failures.txt}.
 */
class HttpFuzzTest {

  static final long DEFAULT_SEED = 19;
  static final int DEFAULT_REQUESTS = 2500;
  private static final String ROOT_PASSWORD = "console-secret-1";
  private static final int IN_FLIGHT = 8;

  /** A frame of a Java stack trace, or a Java exception or error class name. */
  private static final Pattern JAVA_LEAK = Pattern.compile(
      "(\\bat [\\w$]+(\\.[\\w$]+)+\\([\\w$]*\\.java:\\d+\\))|(\\b[A-Z]\\w*(Exception|Error)\\b)"
          + "|(\\b(java|javax|jdk|sun|io\\.vertx|io\\.netty|com\\.fasterxml|org\\.h2|org\\.postgresql|dev\\.parley)"
          + "\\.[a-z]\\w*\\.)");

  private static final String HUGE = "x".repeat(100_000);
  private static final String TWO_TO_64 = "18446744073709551616";

  /** One request to send. */
  record Case(Operation op, String who, Caller caller, String what, HttpMethod method, String path, Buffer body,
      String contentType) {

    /** The kind of case, without the field or parameter it was applied to. */
    String kind() {
      return what.replaceAll("^[/{?][^ ]* = ", "field or parameter = ");
    }

    String describe() {
      String shown = body == null
          ? "(no body)"
          : body.length() > 160
              ? body.getString(0, 120, "ISO-8859-1") + "... (" + body.length() + " bytes)"
              : body.toString(StandardCharsets.ISO_8859_1);
      String p = path.length() > 160 ? path.substring(0, 120) + "... (" + path.length() + " chars)" : path;
      return method + " " + p + " as " + who + " [" + what + "] Content-Type: " + contentType + " body: " + shown;
    }
  }

  @Test
  void everyOperation_answersHostileInputWithA4xxProblem() throws IOException {
    long seed = Long.getLong("parley.httpFuzz.seed", DEFAULT_SEED);
    int budget = Integer.getInteger("parley.httpFuzz.requests", DEFAULT_REQUESTS);
    List<Operation> operations = OpenApiOperations.load();
    assertThat(operations).hasSizeGreaterThan(20);

    try (TestServer t = TestServer.start(Kind.H2, o -> o.setBootstrapAdmin(new JsonObject().put("username", "root")
        .put("password", ROOT_PASSWORD)))) {
      ApiClient api = t.api();
      TestUser admin = api.signIn("root", ROOT_PASSWORD);
      TestUser dev = TestApps.developer(api, admin, "fuzzdev");
      String appId = TestApps.appId(api, "fuzz");
      TestApps.createApp(api, dev, appId);
      TestApps.draft(api, dev, appId, "1.0.0");
      Map<String, String> valid = Map.of("appId", appId, "version", "1.0.0");

      Random random = new Random(seed);
      List<Case> cases = new ArrayList<>();
      for (Operation op : operations) {
        TestUser owner = op.path().startsWith("/admin") ? admin : dev;
        cases.addAll(cases(op, "anonymous", Caller.anonymous(), valid, appId, random));
        cases.addAll(cases(op, owner == admin ? "admin" : "developer", owner, valid, appId, random));
      }
      int all = cases.size();
      Collections.shuffle(cases, random);
      List<Case> sample = cases.subList(0, Math.min(budget, cases.size()));

      Map<String, String> failures = new LinkedHashMap<>();
      Map<String, java.util.Set<String>> summary = new java.util.TreeMap<>();
      for (int i = 0; i < sample.size(); i += IN_FLIGHT) {
        List<Case> batch = sample.subList(i, Math.min(i + IN_FLIGHT, sample.size()));
        List<Future<Reply>> replies = batch.stream().map(c -> send(api, c)).toList();
        ApiClient.await(Future.join(replies).otherwise(f -> null));
        for (int j = 0; j < batch.size(); j++) {
          Case c = batch.get(j);
          Future<Reply> reply = replies.get(j);
          if (reply.failed() && reply.cause() instanceof NotSent) {
            continue;
          }
          String problem = reply.failed()
              ? "no answer: " + reply.cause()
              : check(reply.result());
          if (problem != null) {
            String key = c.op() + " as " + c.who() + " [" + c.what() + "] " + problem;
            summary.computeIfAbsent("[" + c.kind() + "] " + problem, k -> new java.util.TreeSet<>())
                .add(c.op() + " as " + c.who());
            failures.putIfAbsent(key, c.describe() + "\n    -> " + (reply.failed()
                ? reply.cause()
                : reply.result().status() + " " + reply.result().contentType() + " " + shorten(reply.result().body())));
          }
        }
      }
      Path report = Path.of("target", "http-fuzz-failures.txt");
      Files.createDirectories(report.getParent());
      StringBuilder text = new StringBuilder("HTTP fuzz: seed " + seed + ", " + sample.size() + " of " + all
          + " cases, " + failures.size() + " distinct failures\n\n");
      summary.forEach((k, v) -> text.append(k).append(": ").append(v.size()).append(" operations and callers, such as ")
          .append(v.iterator().next()).append("\n"));
      text.append("\n");
      failures.forEach((k, v) -> text.append(k).append("\n    ").append(v).append("\n\n"));
      Files.writeString(report, text);
      assertThat(failures).as("%s", text).isEmpty();
    }
  }

  /** A request the client itself refused to send (such as a path it cannot encode): not the server's doing. */
  private static final class NotSent extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotSent(RuntimeException cause) {
      super(cause);
    }
  }

  private static Future<Reply> send(ApiClient api, Case c) {
    try {
      return api.requestAsync(c.method(), c.path(), c.caller(), c.body(), c.contentType());
    } catch (RuntimeException e) {
      return Future.failedFuture(new NotSent(e));
    }
  }

  /** Why a reply is a failure, or null. */
  private static String check(Reply reply) {
    if (reply.status() >= 500) {
      return "answered " + reply.status();
    }
    if (JAVA_LEAK.matcher(reply.body()).find()) {
      return "leaked Java internals";
    }
    if (reply.status() >= 400) {
      String type = reply.contentType();
      if (type == null || !type.startsWith("application/problem+json")) {
        return "answered " + reply.status() + " as " + type + ", not a problem";
      }
      try {
        JsonObject problem = new JsonObject(reply.body());
        if (!(problem.getValue("type") instanceof String) || problem.getInteger("status", 0) != reply.status()) {
          return "answered a problem without type or with another status";
        }
      } catch (RuntimeException e) {
        return "answered a problem that is not a JSON object";
      }
    }
    return null;
  }

  private static String shorten(String s) {
    return s.length() > 400 ? s.substring(0, 400) + "..." : s;
  }

  // ---- the cases

  private static List<Case> cases(Operation op, String who, Caller caller, Map<String, String> valid, String appId,
      Random random) {
    List<Case> out = new ArrayList<>();
    HttpMethod method = HttpMethod.valueOf(op.method());
    String path = op.path(valid);
    JsonObject baseline = op.jsonBody().map(HttpFuzzTest::example).orElse(new JsonObject());

    // Each field of the JSON body, in turn, of a wrong type or a hostile value.
    op.jsonBody().ifPresent(schema -> {
      for (String field : schema.getJsonObject("properties", new JsonObject()).fieldNames()) {
        for (Map.Entry<String, String> v : hostileValues().entrySet()) {
          out.add(new Case(op, who, caller, "/" + field + " = " + v.getKey(), method, path,
              withRaw(baseline, field, v.getValue()), "application/json"));
        }
      }
      out.add(new Case(op, who, caller, "unknown field", method, path,
          Buffer.buffer(baseline.copy().put("zzUnknown", 1).put("__proto__", new JsonObject()).encode()),
          "application/json"));
    });

    // Whole bodies of the wrong type or encoding, on every operation that changes state.
    if (op.changesState()) {
      String json = baseline.encode();
      byte[] garbage = new byte[20_000];
      random.nextBytes(garbage);
      Map<String, Object[]> bodies = new LinkedHashMap<>();
      bodies.put("valid-looking body", new Object[] {Buffer.buffer(json), "application/json"});
      bodies.put("form field of 8 KB", new Object[] {Buffer.buffer("a=" + "x".repeat(8192)),
          "application/x-www-form-urlencoded"});
      StringBuilder many = new StringBuilder();
      for (int i = 0; i < 9000; i++) {
        many.append(i == 0 ? "" : "&").append("f").append(i).append("=1");
      }
      bodies.put("9,000 form fields", new Object[] {Buffer.buffer(many.toString()),
          "application/x-www-form-urlencoded"});
      bodies.put("multipart garbage", new Object[] {Buffer.buffer(garbage), "multipart/form-data; boundary=XyZzy"});
      bodies.put("multipart without boundary", new Object[] {Buffer.buffer(json), "multipart/form-data"});
      bodies.put("multipart bundle part of garbage", new Object[] {TestApps.multipart("bundle", garbage),
          TestApps.MULTIPART_TYPE});
      bodies.put("text/plain", new Object[] {Buffer.buffer(json), "text/plain"});
      bodies.put("no content type", new Object[] {Buffer.buffer(json), null});
      bodies.put("octet-stream garbage", new Object[] {Buffer.buffer(garbage), "application/octet-stream"});
      bodies.put("empty JSON body", new Object[] {Buffer.buffer(), "application/json"});
      bodies.put("BOM then JSON", new Object[] {Buffer.buffer(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF})
          .appendString(json), "application/json"});
      bodies.put("UTF-16LE JSON", new Object[] {Buffer.buffer(json.getBytes(StandardCharsets.UTF_16LE)),
          "application/json"});
      bodies.put("UTF-16 JSON declared", new Object[] {Buffer.buffer(json.getBytes(StandardCharsets.UTF_16)),
          "application/json; charset=utf-16"});
      bodies.put("invalid UTF-8", new Object[] {Buffer.buffer("{\"reason\":\"").appendBytes(new byte[] {(byte) 0xC3,
          0x28, (byte) 0xFF}).appendString("\"}"), "application/json"});
      bodies.put("JSON array", new Object[] {Buffer.buffer("[]"), "application/json"});
      bodies.put("JSON null", new Object[] {Buffer.buffer("null"), "application/json"});
      bodies.put("truncated JSON", new Object[] {Buffer.buffer("{\"a\":"), "application/json"});
      bodies.put("deeply nested JSON", new Object[] {Buffer.buffer("{\"a\":" + "[".repeat(5000) + "]".repeat(5000)
          + "}"), "application/json"});
      bodies.put("JSON of 1.5 MB", new Object[] {Buffer.buffer("{\"reason\":\"" + "x".repeat(1_500_000) + "\"}"),
          "application/json"});
      bodies.put("garbage content type", new Object[] {Buffer.buffer(json), ";;;/"});
      bodies.put("JSON declared latin-1", new Object[] {Buffer.buffer(json), "application/json; charset=latin1"});
      bodies.forEach((what, b) -> out.add(new Case(op, who, caller, what, method, path, (Buffer) b[0],
          (String) b[1])));
    }

    // Each path parameter, huge or malformed.
    for (Parameter p : op.pathParameters()) {
      for (Map.Entry<String, String> v : hostilePathValues().entrySet()) {
        Map<String, String> values = new LinkedHashMap<>(valid);
        values.put(p.name(), v.getValue());
        out.add(new Case(op, who, caller, "{" + p.name() + "} = " + v.getKey(), method, op.path(values),
            op.changesState() ? Buffer.buffer(baseline.encode()) : null, "application/json"));
      }
    }

    // Each query parameter, of a wrong type, huge or malformed; and one the operation does not know.
    List<String> names = new ArrayList<>(op.queryParameters().stream().map(Parameter::name).toList());
    names.add("zzUnknown");
    for (String name : names) {
      for (Map.Entry<String, String> v : hostileQueryValues().entrySet()) {
        out.add(new Case(op, who, caller, "?" + name + " = " + v.getKey(), method, path + "?" + name + "="
            + v.getValue(), op.changesState() ? Buffer.buffer(baseline.encode()) : null, "application/json"));
      }
    }
    return out;
  }

  /** JSON texts to put in place of a field's value. */
  private static Map<String, String> hostileValues() {
    Map<String, String> v = new LinkedHashMap<>();
    v.put("a number", "12345");
    v.put("a boolean", "true");
    v.put("an array", "[\"x\"]");
    v.put("an object", "{\"x\":1}");
    v.put("null", "null");
    v.put("a string of 100,000 characters", "\"" + HUGE + "\"");
    v.put("2^64", TWO_TO_64);
    v.put("-2^63-1", "-9223372036854775809");
    v.put("1e400", "1e400");
    v.put("a fraction", "0.5");
    v.put("nesting 100 deep", "[".repeat(100) + "]".repeat(100));
    v.put("a lone surrogate", "\"\\ud800\"");
    v.put("NUL and ESC", "\"a\\u0000b\\u001bc\"");
    v.put("an empty string", "\"\"");
    v.put("a date far away", "\"+999999999-12-31T23:59:59Z\"");
    return v;
  }

  private static Map<String, String> hostilePathValues() {
    Map<String, String> v = new LinkedHashMap<>();
    v.put("10,000 characters", "a".repeat(10_000));
    v.put("%00", "a%00b");
    v.put("invalid UTF-8", "%ff%fe");
    v.put("an encoded surrogate", "%ED%A0%80");
    v.put("an emoji", "%F0%9F%98%80");
    v.put("dot segments", "..%2F..%2Fadmin");
    v.put("an encoded slash", "a%2Fb");
    v.put("a bad escape", "%zz");
    v.put("a space", "a%20b");
    v.put("upper case", "ABC");
    return v;
  }

  private static Map<String, String> hostileQueryValues() {
    Map<String, String> v = new LinkedHashMap<>();
    v.put("a word", "abc");
    v.put("2^64", TWO_TO_64);
    v.put("-1", "-1");
    v.put("0", "0");
    v.put("1e3", "1e3");
    v.put("10,000 characters", "x".repeat(10_000));
    v.put("a bad escape", "%zz");
    v.put("%00", "%00");
    v.put("invalid UTF-8", "%ff");
    v.put("repeated", "1&zzRepeat=1&" + "zzRepeat=2");
    v.put("a far date", "%2B999999999-12-31T23:59:59Z");
    return v;
  }

  /** The baseline body with {@code field}'s value replaced by the JSON text {@code raw}. */
  private static Buffer withRaw(JsonObject baseline, String field, String raw) {
    String marker = "@@fuzz-value@@";
    String json = baseline.copy().put(field, marker).encode();
    return Buffer.buffer(json.replace("\"" + marker + "\"", raw));
  }

  /** A plausible value of a schema: the first enum value, a date for date-time, "fuzz" for strings... */
  private static JsonObject example(JsonObject schema) {
    JsonObject out = new JsonObject();
    schema.getJsonObject("properties", new JsonObject())
        .forEach(e -> out.put(e.getKey(), exampleValue((JsonObject) e.getValue())));
    return out;
  }

  private static Object exampleValue(JsonObject schema) {
    if (schema.getValue("oneOf") instanceof JsonArray one && !one.isEmpty()) {
      return exampleValue(one.getJsonObject(0));
    }
    if (schema.getValue("enum") instanceof JsonArray values && !values.isEmpty()) {
      return values.getValue(0);
    }
    Object type = schema.getValue("type");
    if (type instanceof JsonArray types) {
      type = types.getValue(0);
    }
    if ("integer".equals(type) || "number".equals(type)) {
      return 1;
    } else if ("boolean".equals(type)) {
      return true;
    } else if ("array".equals(type)) {
      return new JsonArray();
    } else if ("object".equals(type)) {
      return example(schema);
    } else if ("date-time".equals(schema.getString("format"))) {
      return "2031-01-01T00:00:00Z";
    } else if (schema.getString("pattern", "").startsWith("^(https://")) {
      return "https://example.com/";
    }
    return "fuzz";
  }
}
