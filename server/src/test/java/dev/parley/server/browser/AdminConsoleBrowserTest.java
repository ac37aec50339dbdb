package dev.parley.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.ApiClient;
import dev.parley.core.Reply;
import dev.parley.core.TestUser;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The admin console in real headless Chromium against an in-process server: a developer publishes
 * versions of an app through the HTTP API, and an admin reviews them in the console (permissions,
 * the diff to the live version, approve, reject with a reason, suspend); the developer's API and
 * a user's launch then show what the admin decided.
 */
class AdminConsoleBrowserTest {

  private static final String ROOT = BrowserServer.ROOT;
  private static final String ROOT_PASSWORD = BrowserServer.ROOT_PASSWORD;
  private static final AtomicInteger NAMES = new AtomicInteger();
  /** A 1x1 PNG. */
  private static final byte[] ICON = Base64.getDecoder().decode(
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

  @RegisterExtension
  static final BrowserServer server = BrowserServer.parley().withAdmin();

  @RegisterExtension
  final TestBrowsers browsers = server.browsers();

  private static ApiClient api;

  @BeforeAll
  static void client() {
    api = server.api();
  }

  @Test
  void adminReviewsVersions_inTheConsole_andTheDeveloperSeesTheDecisions() {
    TestUser dev = developer();
    String appId = appId("review");
    createApp(dev, appId);

    // 1.0.0: the first version, only cards.post.
    upload(dev, appId, "1.0.0", 1, List.of(permission("cards.post", "to post the weather card")), List.of(),
        "export function weather(event) {\n  return { text: 'sunny' };\n}\n");
    submit(dev, appId, "1.0.0");

    AdminPage admin = browsers.admin("admin");
    admin.signIn(ROOT, ROOT_PASSWORD);
    admin.queueItem(appId, "1.0.0");
    assertThat(admin.queueItem(appId, "1.0.0").findElement(By.cssSelector("[data-testid=waiting]")).getText())
        .startsWith("waiting ");
    admin.openFromQueue(appId, "1.0.0");
    WebElement cardsPost = admin.permission("cards.post");
    assertThat(cardsPost.getText()).contains("to post the weather card");
    assertThat(admin.visible("[data-testid=manifest]").getText()).contains("\"app_id\": \"" + appId + "\"");
    admin.approve();
    assertThat(developerApp(dev, appId).getString("liveVersion")).isEqualTo("1.0.0");

    // 1.1.0 asks for network access to a new domain and changes the code: the console flags both.
    upload(dev, appId, "1.1.0", 2,
        List.of(permission("cards.post", "to post the weather card"),
            permission("network.fetch", "to ask the forecast service")),
        List.of("api.weather.example.com"),
        "export function weather(event) {\n  return { text: 'rain later' };\n}\n");
    submit(dev, appId, "1.1.0");
    admin.openFromQueue(appId, "1.1.0");
    WebElement fetch = admin.permission("network.fetch");
    assertThat(fetch.getAttribute("data-status")).isEqualTo("new");
    assertThat(fetch.getText()).containsIgnoringCase("new permission").contains("to ask the forecast service");
    assertThat(admin.permission("cards.post").getAttribute("data-status")).isEqualTo("kept");
    assertThat(admin.domain("api.weather.example.com").getText()).containsIgnoringCase("new domain");

    WebElement serverJs = admin.diffOf("server.js");
    List<WebElement> changed = serverJs.findElements(By.cssSelector("[data-testid=diff-row][data-type=change]"));
    assertThat(changed).hasSize(1);
    assertThat(changed.get(0).findElement(By.cssSelector("[data-testid=diff-left]")).getText()).contains("sunny");
    assertThat(changed.get(0).findElement(By.cssSelector("[data-testid=diff-right]")).getText()).contains("rain later");
    assertThat(admin.diffOf("manifest.json").getText()).contains("network.fetch");
    admin.approve();
    assertThat(developerApp(dev, appId).getString("liveVersion")).isEqualTo("1.1.0");

    // 1.2.0 is rejected with a reason, which the developer reads through the API.
    upload(dev, appId, "1.2.0", 3, List.of(permission("cards.post", "to post the weather card"),
        permission("payments.request", "tips")), List.of(),
        "export function weather(event) {\n  return { text: 'pay me' };\n}\n");
    submit(dev, appId, "1.2.0");
    admin.openFromQueue(appId, "1.2.0");
    assertThat(admin.permission("payments.request").getAttribute("data-status")).isEqualTo("new");
    String reason = "Payments need a privacy policy that mentions them";
    admin.reject(reason);
    assertThat(admin.visible("[data-testid=review-reason]").getText()).contains(reason);

    Reply rejected = api.get("/api/developer/apps/" + appId + "/versions/1.2.0", dev);
    assertThat(rejected.status()).as("%s", rejected).isEqualTo(200);
    assertThat(rejected.json().getString("state")).isEqualTo("rejected");
    assertThat(rejected.json().getString("reviewReason")).isEqualTo(reason);
    assertThat(developerApp(dev, appId).getString("liveVersion")).as("a rejection leaves the live version")
        .isEqualTo("1.1.0");
  }

  @Test
  void adminSuspendsAnApp_inTheConsole_andUsersCanNoLongerLaunchIt() {
    TestUser dev = developer();
    String appId = appId("suspend");
    createApp(dev, appId);
    upload(dev, appId, "1.0.0", 1, List.of(permission("cards.post", "to post")), List.of(),
        "export function weather(event) {\n  return { text: 'ok' };\n}\n");
    submit(dev, appId, "1.0.0");
    TestUser root = api.signIn(ROOT, ROOT_PASSWORD);
    Reply approved = api.post("/api/admin/apps/" + appId + "/versions/1.0.0/approve", root, new JsonObject());
    assertThat(approved.status()).as("%s", approved).isEqualTo(200);

    TestUser user = api.signUp("Uma");
    Reply before = api.post("/api/apps/" + appId + "/launch", user, new JsonObject());
    assertThat(before.status()).as("launch before the suspension: %s", before).isEqualTo(200);

    AdminPage admin = browsers.admin("admin");
    admin.signIn(ROOT, ROOT_PASSWORD);
    admin.openApp(appId);
    admin.suspend("Sends spam to every group it is in");
    assertThat(admin.visible("[data-testid=suspended-reason]").getText())
        .contains("Sends spam to every group it is in");

    Reply after = api.post("/api/apps/" + appId + "/launch", user, new JsonObject());
    assertThat(after.status()).as("launch after the suspension: %s", after).isEqualTo(403);
    assertThat(after.contentType()).isEqualTo("application/problem+json");
  }

  @Test
  void aSignedInNonAdmin_isToldTheConsoleIsForAdmins() {
    TestUser ann = api.signUp("Ann");
    AdminPage page = browsers.admin("ann");
    page.open("/admin");
    page.visible("#signin-username").sendKeys(ann.username());
    page.visible("#signin-password").sendKeys(ApiClient.PASSWORD);
    page.clickable("[data-testid=signin-submit]").click();
    assertThat(page.visible("[data-testid=not-admin]").getText()).contains("This console is for admins");
    page.open("/admin/reviews");
    assertThat(page.visible("[data-testid=not-admin]").getText()).contains("This console is for admins");
    assertThat(page.all("[data-testid=review-queue]")).isEmpty();
  }

  @Test
  void adminGrantsTheDeveloperRole_onThePeoplePage_andFindsItInTheAuditLog() {
    TestUser bea = api.signUp("Bea");
    AdminPage admin = browsers.admin("admin");
    admin.signIn(ROOT, ROOT_PASSWORD);
    admin.clickable("[data-testid=nav-people]").click();
    admin.visible("[data-testid=people-q]").sendKeys(bea.username());
    admin.clickable("[data-testid=people-search]").click();
    String row = "[data-testid=account-row][data-username='" + bea.username() + "']";
    admin.visible(row + " [data-testid=grant-developer]").click();
    admin.visible(row + " [data-testid=role][data-role=developer]");
    assertThat(
        api.get("/api/session", api.newSession(bea)).json().getJsonObject("account").getJsonArray("roles").getList())
        .contains("developer");

    admin.clickable("[data-testid=nav-audit]").click();
    admin.visible("[data-testid=audit-actor]").sendKeys(ROOT);
    new org.openqa.selenium.support.ui.Select(admin.visible("[data-testid=audit-action]"))
        .selectByVisibleText("role.granted");
    admin.clickable("[data-testid=audit-search]").click();
    WebElement entry = admin.visible("[data-testid=audit-entry][data-action='role.granted']");
    assertThat(admin.all("[data-testid=audit-entry]"))
        .allSatisfy(e -> assertThat(e.getAttribute("data-action")).isEqualTo("role.granted"));
    assertThat(entry.getText()).contains("@" + ROOT);
  }

  // ---- the developer's side, through the HTTP API ----

  private static String appId(String base) {
    return base + "-" + ProcessHandle.current().pid() % 1000 + "x" + NAMES.incrementAndGet();
  }

  /** A new account with the developer role, signed in again so that its session carries the role. */
  private static TestUser developer() {
    TestUser dev = api.signUp("Dev");
    TestUser root = api.signIn(ROOT, ROOT_PASSWORD);
    api.grant(root, dev, "developer");
    return api.newSession(dev);
  }

  private static void createApp(TestUser dev, String appId) {
    Reply created = api.post("/api/developer/apps", dev, new JsonObject()
        .put("id", appId)
        .put("name", "Weather " + appId)
        .put("description", "Posts the weather in the conversation")
        .put("category", "tools")
        .put("privacyPolicyUrl", "https://weather.example.com/privacy"));
    assertThat(created.status()).as("create app: %s", created).isEqualTo(201);
  }

  private static JsonObject permission(String name, String reason) {
    return new JsonObject().put("name", name).put("reason", reason);
  }

  private static void upload(TestUser dev, String appId, String version, int code, List<JsonObject> permissions,
      List<String> domains, String serverJs) {
    JsonObject manifest = new JsonObject()
        .put("app_id", appId)
        .put("name", "Weather")
        .put("description", "Posts the weather")
        .put("version", new JsonObject().put("name", version).put("code", code))
        .put("icons", new JsonArray().add(new JsonObject().put("src", "icon.png").put("sizes", "1x1")))
        .put("req_permissions", new JsonArray(new ArrayList<>(permissions)))
        .put("commands", new JsonArray().add(new JsonObject()
            .put("name", "weather").put("description", "Today's weather").put("handler", "weather")));
    if (!domains.isEmpty()) {
      manifest.put("network", new JsonObject().put("allowed_domains", new JsonArray(new ArrayList<>(domains))));
    }
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("manifest.json", manifest.encodePrettily().getBytes(StandardCharsets.UTF_8));
    files.put("server.js", serverJs.getBytes(StandardCharsets.UTF_8));
    files.put("icon.png", ICON);
    Reply uploaded = api.request(HttpMethod.POST, "/api/developer/apps/" + appId + "/versions", dev,
        Buffer.buffer(zip(files)), "application/zip");
    assertThat(uploaded.status()).as("upload %s: %s", version, uploaded).isEqualTo(201);
    assertThat(uploaded.json().getString("state")).isEqualTo("draft");
  }

  private static void submit(TestUser dev, String appId, String version) {
    Reply submitted = api.post("/api/developer/apps/" + appId + "/versions/" + version + "/submit", dev,
        new JsonObject());
    assertThat(submitted.status()).as("submit %s: %s", version, submitted).isEqualTo(200);
    assertThat(submitted.json().getString("state")).isEqualTo("in_review");
  }

  private static JsonObject developerApp(TestUser dev, String appId) {
    Reply app = api.get("/api/developer/apps/" + appId, dev);
    assertThat(app.status()).as("get app: %s", app).isEqualTo(200);
    return app.json();
  }

  private static byte[] zip(Map<String, byte[]> files) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(out)) {
      for (Map.Entry<String, byte[]> e : files.entrySet()) {
        z.putNextEntry(new ZipEntry(e.getKey()));
        z.write(e.getValue());
        z.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
