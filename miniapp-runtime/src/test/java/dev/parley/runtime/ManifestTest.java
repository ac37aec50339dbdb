package dev.parley.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestTest {

  private static JsonObject valid() {
    return new JsonObject(TestBundles.manifest("splitpay", "1.2.0", "pay"));
  }

  private static List<String> problems(JsonObject manifest) {
    return problems(manifest.encode());
  }

  private static List<String> problems(String text) {
    MiniAppException e = catchThrowableOfType(MiniAppException.class, () -> Manifest.parse(text));
    assertThat(e).isNotNull();
    assertThat(e.reason()).isEqualTo(MiniAppException.Reason.MANIFEST_INVALID);
    assertThat(e.file()).contains("manifest.json");
    return e.problems().stream().map(Problem::toString).toList();
  }

  @Test
  void parse_readsEveryField() {
    JsonObject j = valid()
        .put("short_name", "Split")
        .put("description", "Split bills")
        .put("platform_version", new JsonObject().put("min_code", 1).put("target_code", 2))
        .put("pages", new JsonArray().add("ui/index.html"))
        .put("card_actions", new JsonArray().add(new JsonObject().put("id", "accept").put("handler", "accept")))
        .put("search", new JsonObject().put("handler", "search").put("placeholder", "Find"))
        .put("events", new JsonObject().put("install", "onInstall"))
        .put("network",
            new JsonObject().put("allowed_domains", new JsonArray().add("api.example.com").add("*.example.org")))
        .put("storage", new JsonObject().put("user_bytes", 1024));
    j.getJsonArray("commands").getJsonObject(0).put("args", new JsonArray()
        .add(new JsonObject().put("name", "who").put("hint", "@member").put("type", "member").put("required", true)));
    Manifest m = Manifest.parse(j.encode());
    assertThat(m.appId()).isEqualTo("splitpay");
    assertThat(m.version()).isEqualTo(new Manifest.Version("1.2.0", 1));
    assertThat(m.shortName()).contains("Split");
    assertThat(m.requestedPermissions()).containsExactly(Permission.CARDS_POST);
    assertThat(m.commands().get(0).args()).containsExactly(new Manifest.CommandArg("who", "@member", "member", true));
    assertThat(m.search()).contains(new Manifest.SearchEntry("search", "Find"));
    assertThat(m.allowedDomains()).containsExactly("api.example.com", "*.example.org");
    assertThat(m.storage()).isEqualTo(new Manifest.Storage(1024, 0));
    assertThat(m.platformVersion()).contains(new Manifest.PlatformVersion(1, 2, "release"));
    assertThat(m.handlersByPointer()).containsExactly(
        java.util.Map.entry("/commands/0/handler", "pay"),
        java.util.Map.entry("/card_actions/0/handler", "accept"),
        java.util.Map.entry("/search/handler", "search"),
        java.util.Map.entry("/events/install", "onInstall"));
  }

  @Test
  void accessors_findEntryPointsByName_andFromJsonRebuildsTheSameManifest() {
    JsonObject j = valid()
        .put("pages", new JsonArray().add("ui/index.html").add("ui/more.html"))
        .put("card_actions", new JsonArray().add(new JsonObject().put("id", "accept").put("handler", "onAccept")))
        .put("events", new JsonObject().put("page_call", "onPage"))
        .put("storage", new JsonObject().put("conversation_bytes", 2048));
    j.getJsonArray("commands").getJsonObject(0).put("args", new JsonArray()
        .add(new JsonObject().put("name", "who").put("hint", "@member")));
    Manifest m = Manifest.parse(j.encode());
    assertThat(m.startPage()).contains("ui/index.html");
    assertThat(m.cardAction("accept")).contains(new Manifest.CardAction("accept", "onAccept"));
    assertThat(m.cardAction("decline")).isEmpty();
    assertThat(m.eventHandler("page_call")).contains("onPage");
    assertThat(m.eventHandler("payment")).isEmpty();
    assertThat(m.command("c0")).map(Manifest.Command::handler).contains("pay");
    assertThat(m.command("nope")).isEmpty();
    assertThat(m.permissionNames()).containsExactly("cards.post");
    assertThat(m.storage().bytes("conversation")).isEqualTo(2048);
    assertThat(m.storage().bytes("user")).isZero();
    // arguments as written: the fields left out stay out, clients apply their own defaults
    assertThat(m.commandsJson().getJsonObject(0).getJsonArray("args"))
        .isEqualTo(new JsonArray().add(new JsonObject().put("name", "who").put("hint", "@member")));
    Manifest again = Manifest.fromJson(m.json());
    assertThat(again).isEqualTo(m);
    assertThat(again.json()).isEqualTo(j);
  }

  @Test
  void parse_rejectsAppIdThatIsNotADnsLabel() {
    assertThat(problems(valid().put("app_id", "My App"))).containsExactly(
        "/app_id: \"My App\" is not a DNS label (lower-case letters, digits and '-', 1-63 characters, starting with a letter)");
  }

  @Test
  void parse_rejectsBadSemver() {
    assertThat(problems(valid().put("version", new JsonObject().put("name", "1.0").put("code", 1)))).containsExactly(
        "/version/name: \"1.0\" is not a semantic version (MAJOR.MINOR.PATCH such as 1.4.0, optionally followed by -pre.release and +build)");
    assertThat(problems(valid().put("version", new JsonObject().put("name", "01.2.3").put("code", 1))))
        .hasSize(1);
  }

  @Test
  void parse_acceptsPreReleaseAndBuildMetadata() {
    assertThat(Manifest
        .parse(valid().put("version", new JsonObject().put("name", "1.0.0-rc.1+build.5").put("code", 3)).encode())
        .version().name()).isEqualTo("1.0.0-rc.1+build.5");
  }

  @Test
  void parse_rejectsUnknownPermission() {
    JsonObject j = valid();
    j.getJsonArray("req_permissions").add(new JsonObject().put("name", "camera").put("reason", "photos"));
    assertThat(problems(j)).containsExactly(
        "/req_permissions/1/name: \"camera\" is not a known permission (known: cards.post, members.read, profile.read, storage.user, storage.conversation, payments.request, network.fetch, notifications.send, media.upload, files.receive)");
  }

  @Test
  void parse_reportsEveryErrorWithItsPath() {
    JsonObject j = valid();
    j.remove("name");
    j.put("colour", "red");
    j.getJsonArray("commands").getJsonObject(0).put("handler", "1bad");
    j.put("network", new JsonObject().put("allowed_domains", new JsonArray().add("http://x.com")));
    j.put("storage", new JsonObject().put("user_bytes", 5_000_000));
    assertThat(problems(j)).containsExactlyInAnyOrder(
        "the required field \"name\" is missing",
        "unknown field \"colour\"",
        "/commands/0/handler: \"1bad\" is not a JavaScript function name (letters, digits, '_' and '$', not starting with a digit)",
        "/network/allowed_domains/0: \"http://x.com\" is not a domain name (such as api.example.com, or *.example.com for its sub-domains)",
        "/storage/user_bytes: must be at most 1048576 (it is 5000000)");
  }

  @Test
  void parse_reportsWrongTypes() {
    assertThat(problems(valid().put("name", 42))).containsExactly("/name: must be a string but is an integer");
  }

  @Test
  void miniPlayer_isAskedForByAFlag_offByDefault() {
    assertThat(Manifest.parse(valid().encode()).miniPlayer()).isFalse();
    assertThat(Manifest.parse(valid().put("mini_player", true).encode()).miniPlayer()).isTrue();
    assertThat(Manifest.fromJson(valid().put("mini_player", true)).miniPlayer()).isTrue();
    assertThat(problems(valid().put("mini_player", "yes"))).containsExactly(
        "/mini_player: must be a boolean but is a string");
  }

  @Test
  void parse_rejectsDuplicatePermissionsAndCommands() {
    JsonObject j = valid();
    j.getJsonArray("req_permissions").add(new JsonObject().put("name", "cards.post").put("reason", "again"));
    j.getJsonArray("commands").add(new JsonObject().put("name", "c0").put("description", "d").put("handler", "other"));
    assertThat(problems(j)).containsExactly(
        "/req_permissions/1/name: the permission \"cards.post\" is asked for twice",
        "/commands/1/name: the command \"c0\" is declared twice");
  }

  @Test
  void parse_rejectsInvalidJson() {
    assertThat(problems("{\"app_id\": ")).singleElement().asString()
        .startsWith("line 1:12: manifest.json is not valid JSON: ");
    assertThat(problems("[1]")).containsExactly("manifest.json must hold a JSON object");
  }

  @Test
  void schema_listsExactlyTheCatalogue() {
    JsonObject schema = new JsonObject(Manifest.schema());
    JsonArray names = schema.getJsonObject("properties").getJsonObject("req_permissions")
        .getJsonObject("items").getJsonObject("properties").getJsonObject("name").getJsonArray("enum");
    assertThat(names.getList()).isEqualTo(Permission.names());
    assertThat(Manifest.class.getResource(Manifest.SCHEMA_RESOURCE)).isNotNull();
    assertThat(Permission.catalogue()).allSatisfy(p -> {
      assertThat(p.description()).isNotBlank();
      assertThat(p.userText()).isNotBlank();
    });
    assertThat(Permission.byName("payments.request")).contains(Permission.PAYMENTS_REQUEST);
    assertThat(Permission.byName("camera")).isEmpty();
  }
}
