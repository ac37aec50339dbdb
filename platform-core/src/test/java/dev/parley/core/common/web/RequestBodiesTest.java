package dev.parley.core.common.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.ApiClient;
import dev.parley.core.Caller;
import dev.parley.core.Reply;
import dev.parley.core.TestApps;
import dev.parley.core.TestDatabases.Kind;
import dev.parley.core.TestPlatform;
import dev.parley.core.TestUser;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One rule for every request body (issue 19, findings 2, 7 and 9): a body of a type the route does
 * not take is 415 before it is read, credentials are checked before a body is read, a multipart
 * body that breaks the decoder's limits is a 4xx, integers out of range are 400 naming the field,
 * and JSON is strict UTF-8 without BOM, lone surrogates or control characters. Never a 500.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RequestBodiesTest {

  private static final String TWO_TO_THE_64 = "18446744073709551616";

  private TestPlatform p;
  private ApiClient api;
  private TestUser user;
  private TestUser developer;
  private String appId;

  @BeforeAll
  void start() {
    p = TestPlatform.start(Kind.H2);
    api = p.api();
    user = api.signUp("Bea");
    developer = TestApps.developer(api, p.admin(), "Dev");
    appId = TestApps.appId(api, "edge");
    TestApps.createApp(api, developer, appId);
    TestApps.publish(api, developer, p.admin(), appId, "1.0.0");
  }

  @AfterAll
  void stop() {
    p.close();
  }

  private static void assertProblem(Reply reply, int status) {
    assertThat(reply.status()).as("%s", reply).isEqualTo(status);
    assertThat(reply.contentType()).as("%s", reply).isEqualTo("application/problem+json");
    assertThat(reply.json().getInteger("status")).isEqualTo(status);
  }

  private Reply post(String path, Caller caller, String body, String type) {
    return api.request(HttpMethod.POST, path, caller, Buffer.buffer(body), type);
  }

  private Reply post(String path, Caller caller, byte[] body, String type) {
    return api.request(HttpMethod.POST, path, caller, Buffer.buffer(body), type);
  }

  @Test
  void formBodies_are415_beforeTheyAreParsed() {
    String longField = "a=" + "x".repeat(9000);
    String manyFields = "a=1&".repeat(9000);
    for (String form : java.util.List.of(longField, manyFields)) {
      Reply anonymous = post("/api/auth/signin", Caller.anonymous(), form, "application/x-www-form-urlencoded");
      assertProblem(anonymous, 415);
      assertThat(anonymous.json().getString("type")).isEqualTo(ProblemType.UNSUPPORTED_MEDIA_TYPE.uri());
      assertProblem(post("/api/conversations", user, form, "application/x-www-form-urlencoded"), 415);
    }
    assertProblem(post("/api/conversations", user, TestApps.multipart("x", new byte[20_000]).getBytes(),
        TestApps.MULTIPART_TYPE), 415);
    assertProblem(post("/api/conversations", user, "{}", "text/plain"), 415);
    assertProblem(post("/api/conversations", user, "{}", "application/json; charset=utf-16"), 415);
  }

  @Test
  void uploadRoute_refusesABadCredential_andMultipartGarbage_withoutA500() {
    String path = "/api/developer/apps/" + appId + "/versions";
    assertProblem(post(path, Caller.bearer("not-a-token"), new byte[200_000], "application/zip"), 401);
    assertProblem(post(path, Caller.cookie("not-a-session"), TestApps.multipart("bundle", new byte[20_000])
        .getBytes(), TestApps.MULTIPART_TYPE), 401);

    byte[] garbage = new byte[20_000];
    new java.util.Random(7).nextBytes(garbage);
    Reply noBoundary = post(path, developer, garbage, "multipart/form-data");
    assertThat(noBoundary.status()).as("%s", noBoundary).isIn(400, 413);
    assertThat(noBoundary.contentType()).isEqualTo("application/problem+json");
    Reply badParts = post(path, developer, garbage, TestApps.MULTIPART_TYPE);
    assertThat(badParts.status()).as("%s", badParts).isIn(400, 413);
    String fields = "--" + TestApps.MULTIPART_TYPE.substring(TestApps.MULTIPART_TYPE.indexOf('=') + 1);
    StringBuilder many = new StringBuilder();
    for (int i = 0; i < 9000; i++) {
      many.append(fields).append("\r\nContent-Disposition: form-data; name=\"f").append(i).append("\"\r\n\r\n1\r\n");
    }
    many.append(fields).append("--\r\n");
    Reply manyParts = post(path, developer, many.toString(), TestApps.MULTIPART_TYPE);
    assertThat(manyParts.status()).as("%s", manyParts).isIn(400, 413);
    assertThat(manyParts.contentType()).isEqualTo("application/problem+json");
  }

  @Test
  void integersOutOfRange_are400NamingTheField() {
    String direct = api.direct(user, api.signUp("Cal")).getString("id");
    for (String seq : java.util.List.of(TWO_TO_THE_64, "-" + TWO_TO_THE_64, "1e300", "9223372036854775808")) {
      Reply reply = post("/api/conversations/" + direct + "/read", user, "{\"seq\":" + seq + "}", "application/json");
      assertProblem(reply, 400);
      assertThat(reply.json().getString("field")).as(seq).isEqualTo("/seq");
    }
    for (String param : java.util.List.of("before", "after")) {
      Reply reply = api.get("/api/conversations/" + direct + "/messages?" + param + "=" + TWO_TO_THE_64, user);
      assertProblem(reply, 400);
      assertThat(reply.json().getString("field")).isEqualTo(param);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"bom", "utf16", "empty", "utf16-bom"})
  void malformedJson_isRefused_onLaunchAndUnsuspend(String kind) {
    byte[] json = "{\"reason\":\"ok\"}".getBytes(StandardCharsets.UTF_8);
    byte[] body = switch (kind) {
      case "bom" -> concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, json);
      case "utf16" -> "{\"reason\":\"ok\"}".getBytes(StandardCharsets.UTF_16LE);
      case "utf16-bom" -> "{\"reason\":\"ok\"}".getBytes(StandardCharsets.UTF_16);
      default -> new byte[0];
    };
    assertProblem(post("/api/apps/" + appId + "/launch", user, body, "application/json"), 400);
    assertProblem(post("/api/admin/apps/" + appId + "/unsuspend", p.admin(), body, "application/json"), 400);
  }

  @Test
  void loneSurrogatesAndControlCharacters_are400NamingTheField() {
    for (String reason : java.util.List.of("\\ud800", "a\\udc00b", "nul\\u0000", "esc\\u001b[31m", "del\\u007f")) {
      Reply reply = post("/api/admin/apps/" + appId + "/suspend", p.admin(), "{\"reason\":\"" + reason + "\"}",
          "application/json");
      assertProblem(reply, 400);
      assertThat(reply.json().getString("field")).as(reason).isEqualTo("/reason");
    }
    byte[] rawSurrogate = concat("{\"reason\":\"".getBytes(StandardCharsets.UTF_8),
        new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'});
    assertProblem(post("/api/admin/apps/" + appId + "/suspend", p.admin(), rawSurrogate, "application/json"), 400);
    assertThat(api.get("/api/admin/apps/" + appId, p.admin()).json().getString("status")).isNotEqualTo("suspended");
  }

  @Test
  void badPercentEscapes_andOverlongUris_areProblems() {
    for (String path : List.of("/api/admin/apps?q=%zz", "/api/admin/audit?from=%zz", "/api/admin/apps?zz=%",
        "/api/developer/apps/%zz/usage", "/api/developer/apps/" + appId + "/versions/1.0.0?x=%zz")) {
      Reply reply = api.get(path, p.admin());
      assertProblem(reply, 400);
    }
    assertProblem(api.get("/api/developer/apps/%zz/usage", Caller.anonymous()), 400);
    Reply tooLong = api.request(HttpMethod.POST,
        "/api/developer/apps/" + "a".repeat(10_000) + "/versions/1.0.0/withdraw",
        developer, Buffer.buffer("{}"), "application/json");
    assertProblem(tooLong, 414);
    assertThat(tooLong.json().getString("type")).isEqualTo(ProblemType.URI_TOO_LONG.uri());
  }

  @Test
  void newlinesAndTabs_stayAllowedInText() {
    JsonObject parsed = JsonBody.parse("{\"text\":\"line one\\nline two\\tend\"}".getBytes(StandardCharsets.UTF_8));
    assertThat(parsed.getString("text")).isEqualTo("line one\nline two\tend");
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
