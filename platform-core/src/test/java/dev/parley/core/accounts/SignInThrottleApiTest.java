package dev.parley.core.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.ApiClient;
import dev.parley.core.Caller;
import dev.parley.core.PlatformTestBase;
import dev.parley.core.Reply;
import dev.parley.core.TestPlatform;
import dev.parley.core.TestUser;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The throttles behind a trusted reverse proxy: the client address comes from the forwarding
 * headers, so each test plays clients at addresses of its own (documentation ranges). Budgets are
 * counts; no test waits for a refill.
 */
class SignInThrottleApiTest extends PlatformTestBase {

  private static final int SIGN_UPS_PER_ADDRESS = 3;
  private static final int USERNAME_FAILURES = 6;

  @Override
  protected TestPlatform.Builder configure(TestPlatform.Builder builder) {
    return builder.platformOptions(o -> o.setTrustedProxies(List.of("127.0.0.1", "::1"))
        .setThrottle(new ThrottleOptions().setSignUpsPerAddress(SIGN_UPS_PER_ADDRESS)
            .setSignInUsernameFailures(USERNAME_FAILURES)));
  }

  private static Caller from(String address) {
    return () -> Map.of("X-Forwarded-For", address);
  }

  private static JsonObject signUpBody(String username) {
    return new JsonObject().put("username", username).put("displayName", "Throttled").put("password",
        ApiClient.PASSWORD);
  }

  private static JsonObject signInBody(String username, String password) {
    return new JsonObject().put("username", username).put("password", password);
  }

  @Test
  void signUp_pastTheBudgetOfAnAddress_is429WithRetryAfter_whileOtherAddressesStillSignUp() {
    for (int i = 0; i < SIGN_UPS_PER_ADDRESS; i++) {
      assertThat(api.post("/api/auth/signup", from("198.51.100.1"), signUpBody(api.uniqueName("su"))).status())
          .isEqualTo(201);
    }
    String refusedName = api.uniqueName("su");

    Reply refused = api.post("/api/auth/signup", from("198.51.100.1"), signUpBody(refusedName));

    assertThat(refused.status()).isEqualTo(429);
    assertThat(refused.contentType()).isEqualTo("application/problem+json");
    assertThat(refused.json().getString("type")).isEqualTo("https://parley.dev/problems/rate-limited");
    assertThat(Long.parseLong(refused.header("Retry-After"))).isPositive();
    assertThat(p.sql("SELECT id FROM accounts WHERE username = ?", refusedName)).isEmpty();
    assertThat(api.post("/api/auth/signup", from("198.51.100.2"), signUpBody(refusedName)).status()).isEqualTo(201);
  }

  @Test
  void signIn_guessesFromManyAddresses_slowTheUsernameForUnknownDevices_butNotForItsOwnersDevice() {
    String username = api.uniqueName("vic");
    Reply signedUp = api.post("/api/auth/signup", from("198.51.100.10"), signUpBody(username));
    String device = signedUp.cookie("parley_device").orElseThrow();
    // A botnet: one wrong guess from each of many addresses, so that no pair and no address is over its budget.
    for (int i = 0; i < USERNAME_FAILURES; i++) {
      assertThat(api.post("/api/auth/signin", from("203.0.113." + (100 + i)), signInBody(username, "wrong password!"))
          .status()).isEqualTo(401);
    }

    Reply newDevice = api.post("/api/auth/signin", from("198.51.100.11"), signInBody(username, ApiClient.PASSWORD));
    Reply ownersDevice = api.post("/api/auth/signin",
        () -> Map.of("X-Forwarded-For", "198.51.100.11", "Cookie", "parley_device=" + device),
        signInBody(username, ApiClient.PASSWORD));

    assertThat(newDevice.status()).isEqualTo(429);
    assertThat(Long.parseLong(newDevice.header("Retry-After"))).isPositive();
    assertThat(ownersDevice.status()).isEqualTo(200);
    // Someone else at the guessers' addresses is not slowed down by them.
    String other = api.uniqueName("wes");
    assertThat(api.post("/api/auth/signup", from("198.51.100.12"), signUpBody(other)).status()).isEqualTo(201);
    assertThat(api.post("/api/auth/signin", from("203.0.113.100"), signInBody(other, ApiClient.PASSWORD)).status())
        .isEqualTo(200);
  }

  @Test
  void signIn_throttledPair_isTheForwardedClient_notTheProxy() {
    String username = api.uniqueName("xia");
    assertThat(api.post("/api/auth/signup", from("198.51.100.20"), signUpBody(username)).status()).isEqualTo(201);
    for (int i = 0; i < ThrottleOptions.DEFAULT_SIGN_IN_PAIR_FAILURES; i++) {
      assertThat(api.post("/api/auth/signin", from("203.0.113.20"), signInBody(username, "wrong password!"))
          .status()).isEqualTo(401);
    }
    assertThat(api.post("/api/auth/signin", from("203.0.113.20"), signInBody(username, ApiClient.PASSWORD)).status())
        .isEqualTo(429);

    // The same proxy, another client: its pair is fresh.
    assertThat(api.post("/api/auth/signin", from("203.0.113.21"), signInBody(username, ApiClient.PASSWORD)).status())
        .isEqualTo(200);
    // A client cannot pick its address: what it writes left of the proxy's entry is not believed.
    assertThat(api.post("/api/auth/signin", from("198.51.100.99, 203.0.113.20"),
        signInBody(username, ApiClient.PASSWORD)).status()).isEqualTo(429);
  }

  @Test
  void auditLog_recordsTheAddressThatTheTrustedProxyForwarded() {
    TestUser admin = p.admin();
    String first = api.uniqueName("yul");
    String second = api.uniqueName("zed");
    String firstId = api.post("/api/auth/signup", from("198.51.100.30"), signUpBody(first)).json()
        .getJsonObject("account").getString("id");
    String secondId = api.post("/api/auth/signup", from("198.51.100.31"), signUpBody(second)).json()
        .getJsonObject("account").getString("id");
    Map<String, String> viaXff = new HashMap<>(admin.headers());
    viaXff.put("X-Forwarded-For", "192.0.2.1, 203.0.113.40");
    Map<String, String> viaForwarded = new HashMap<>(admin.headers());
    viaForwarded.put("Forwarded", "for=192.0.2.1, for=\"[2001:db8::7]:4711\";proto=https");

    JsonObject developer = new JsonObject().put("role", "developer");
    assertThat(api.post("/api/admin/accounts/" + firstId + "/roles", () -> viaXff, developer).status()).isEqualTo(200);
    assertThat(api.post("/api/admin/accounts/" + secondId + "/roles", () -> viaForwarded, developer).status())
        .isEqualTo(200);

    assertThat(p.sql("SELECT address FROM audit_log WHERE target_id = ?", firstId))
        .extracting(row -> row.getString("address")).containsExactly("203.0.113.40");
    assertThat(p.sql("SELECT address FROM audit_log WHERE target_id = ?", secondId))
        .extracting(row -> row.getString("address")).containsExactly("2001:db8:0:0:0:0:0:7");
  }
}
