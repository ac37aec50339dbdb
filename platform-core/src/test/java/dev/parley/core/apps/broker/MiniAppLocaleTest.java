package dev.parley.core.apps.broker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.Caller;
import dev.parley.core.PlatformTestBase;
import dev.parley.core.Reply;
import dev.parley.core.TestApps;
import dev.parley.core.TestUser;
import dev.parley.core.apps.pages.LaunchVerifier;
import dev.parley.core.common.web.RequestLocale;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The user's language reaches mini-apps (issue 17): the messenger's {@code Accept-Language}
 * becomes {@code ctx.locale} of commands and page calls and {@code launchParams.locale} of the
 * signed launch, on both databases; a malformed header means {@code en}.
 */
class MiniAppLocaleTest extends PlatformTestBase {

  static final String SERVER_JS = """
      export async function lang(event, ctx) {
        return { text: "locale " + ctx.locale };
      }
      export async function page(event, ctx) {
        return { result: { locale: ctx.locale } };
      }
      """;

  private String appId;
  private TestUser ann;
  private String group;

  @Override
  protected void setUp() {
    var admin = p.admin();
    var dev = TestApps.developer(api, admin, "dev");
    appId = TestApps.appId(api, "lingo");
    TestApps.createApp(api, dev, appId);
    JsonObject manifest = TestApps.manifest(appId, "1.0.0")
        .put("commands", new JsonArray().add(new JsonObject().put("name", "lang").put("description", "which language")
            .put("handler", "lang")))
        .put("events", new JsonObject().put("page_call", "page"));
    Map<String, byte[]> files = TestApps.files(appId, "1.0.0");
    files.put("manifest.json", manifest.encodePrettily().getBytes(StandardCharsets.UTF_8));
    files.put("server.js", SERVER_JS.getBytes(StandardCharsets.UTF_8));
    TestApps.publish(api, dev, admin, appId, "1.0.0", TestApps.zip(files));
    ann = api.signUp("ann");
    group = api.group(ann, "team", api.signUp("bob")).getString("id");
    Reply installed = api.post("/api/conversations/" + group + "/apps", ann, new JsonObject().put("appId", appId));
    assertThat(installed.status()).as("%s", installed).isEqualTo(201);
  }

  /** Ann's session, asking for {@code acceptLanguage} (null: no header at all). */
  private Caller reading(String acceptLanguage) {
    Map<String, String> headers = new HashMap<>(ann.headers());
    if (acceptLanguage != null) {
      headers.put("Accept-Language", acceptLanguage);
    }
    return () -> headers;
  }

  private String commandAnswer(String acceptLanguage) {
    Reply done = api.post("/api/conversations/" + group + "/commands", reading(acceptLanguage),
        new JsonObject().put("text", "/lang"));
    assertThat(done.status()).as("%s", done).isEqualTo(200);
    return done.json().getJsonArray("messages").getJsonObject(0).getString("text");
  }

  @Test
  void command_handsTheUsersLocaleToTheHandler() {
    assertThat(commandAnswer("de")).isEqualTo("locale de");
    assertThat(commandAnswer("ar")).isEqualTo("locale ar");
    assertThat(commandAnswer("fr;q=0.2, de-at;q=0.9")).as("highest quality first, normalised").isEqualTo(
        "locale de-AT");
    assertThat(commandAnswer(null)).as("no header").isEqualTo("locale en");
    assertThat(commandAnswer("*")).isEqualTo("locale en");
    assertThat(commandAnswer("<script>alert(1)</script>, x\"y")).as("hostile header").isEqualTo("locale en");
  }

  @Test
  void pageCall_handsTheUsersLocaleToTheServerHandler() {
    Reply answered = api.post("/api/conversations/" + group + "/apps/" + appId + "/calls", reading("ar"),
        new JsonObject().put("capability", "server").put("args", new JsonObject()));
    assertThat(answered.status()).as("%s", answered).isEqualTo(200);
    assertThat(answered.json().getJsonObject("result").getString("locale")).isEqualTo("ar");
  }

  @Test
  void launch_signsTheUsersLocale() throws Exception {
    Reply launched = api.post("/api/conversations/" + group + "/apps/" + appId + "/launch", reading("de"),
        new JsonObject());
    assertThat(launched.status()).as("%s", launched).isEqualTo(200);
    JsonObject launch = launched.json();
    assertThat(launch.getJsonObject("launchParams").getString("locale")).isEqualTo("de");
    String key = api.get("/api/platform-key", ann).json().getString("publicKey");
    assertThat(LaunchVerifier.platformSignatureValid(launch, key)).as("the locale is signed").isTrue();
    JsonObject forged = launch.copy();
    forged.getJsonObject("launchParams").put("locale", "ar");
    assertThat(LaunchVerifier.platformSignatureValid(forged, key)).isFalse();

    Reply english = api.post("/api/conversations/" + group + "/apps/" + appId + "/launch", ann, new JsonObject());
    assertThat(english.json().getJsonObject("launchParams").getString("locale")).isEqualTo("en");
  }

  @Test
  void normalise_acceptsLanguageTagsOnly() {
    assertThat(RequestLocale.normalise("pt-br")).isEqualTo("pt-BR");
    assertThat(RequestLocale.normalise("AR")).isEqualTo("ar");
    assertThat(RequestLocale.normalise("*")).isNull();
    assertThat(RequestLocale.normalise("de\nx")).isNull();
    assertThat(RequestLocale.normalise("x".repeat(40))).isNull();
  }
}
