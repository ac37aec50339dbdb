package dev.parley.core.apps.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.parley.core.Caller;
import dev.parley.core.PlatformTestBase;
import dev.parley.core.Reply;
import dev.parley.core.Routes;
import dev.parley.core.TestApps;
import dev.parley.core.TestUser;
import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document of the developer and admin APIs: served as YAML and JSON, in step with the
 * router (every registry route is an operation of the document and the reverse), and enforced:
 * requests that break it are 400 problems naming the field or parameter.
 */
class OpenApiContractTest extends PlatformTestBase {

  private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

  private TestUser admin;
  private TestUser dev;

  @Override
  protected void setUp() {
    admin = p.admin();
    dev = TestApps.developer(api, admin, "dev");
  }

  @Test
  void document_isServedAsYamlAndJson_andBothParseToTheSameDocument() throws Exception {
    Reply yaml = api.get("/api/openapi.yaml", Caller.anonymous());
    Reply json = api.get("/api/openapi.json", Caller.anonymous());

    assertThat(yaml.status()).isEqualTo(200);
    assertThat(yaml.contentType()).isEqualTo("application/yaml");
    assertThat(json.status()).isEqualTo(200);
    assertThat(json.contentType()).isEqualTo("application/json");
    @SuppressWarnings("unchecked")
    JsonObject fromYaml = new JsonObject(new YAMLMapper().readValue(yaml.body(), Map.class));
    JsonObject fromJson = json.json();
    assertThat(fromYaml.getString("openapi")).startsWith("3.1");
    assertThat(fromJson.getString("openapi")).isEqualTo(fromYaml.getString("openapi"));
    assertThat(operations(fromJson)).isEqualTo(operations(fromYaml)).isNotEmpty();
  }

  @Test
  void everyRegistryRoute_isAnOperationOfTheDocument_andTheReverse() {
    JsonObject document = api.get("/api/openapi.json", Caller.anonymous()).json();
    Set<String> documented = operations(document).keySet();

    Set<String> routed = new TreeSet<>();
    for (String route : Routes.of(p.platform().router())) {
      String method = route.substring(0, route.indexOf(' '));
      String path = route.substring(route.indexOf(' ') + 1);
      boolean registry = path.startsWith("/api/developer/") || path.startsWith("/api/admin/reviews")
          || path.startsWith("/api/admin/apps") || path.startsWith("/api/admin/audit");
      if (!registry || method.equals("ANY") || path.endsWith("/*")) {
        continue; // middleware, and other features' routes
      }
      routed.add(method + " " + path.substring("/api".length()).replaceAll(":([A-Za-z]+)", "{$1}"));
    }
    assertThat(routed).as("registry routes of the router").hasSizeGreaterThan(20);
    assertThat(documented).as("operations of the document").containsExactlyInAnyOrderElementsOf(routed);
    operations(document).forEach((op, id) -> assertThat(id).as("operationId of %s", op).isNotBlank());
  }

  @Test
  void createApp_withAnUnknownField_is400NamingIt() {
    Reply reply = api.post("/api/developer/apps", dev, newApp().put("colour", "red"));
    assertContractProblem(reply, "colour");
    assertThat(reply.json().getString("field") + reply.json().getString("detail")).contains("colour");
  }

  @Test
  void createApp_withACategoryOutsideTheEnum_is400OnCategory() {
    Reply reply = api.post("/api/developer/apps", dev, newApp().put("category", "weapons"));
    assertContractProblem(reply, "category");
    assertThat(reply.json().getString("field")).isEqualTo("/category");
  }

  @Test
  void createApp_withAHomepageThatIsNotAnHttpsUrl_is400OnHomepage() {
    for (String bad : new String[] {"ftp://example.com/", "http://example.com/", "javascript:alert(1)", "not a url"}) {
      Reply reply = api.post("/api/developer/apps", dev, newApp().put("homepage", bad));
      assertContractProblem(reply, "homepage");
      assertThat(reply.json().getString("field")).as(bad).isEqualTo("/homepage");
    }
    Reply ok = api.post("/api/developer/apps", dev, newApp().put("homepage", "https://example.com/app"));
    assertThat(ok.status()).as("%s", ok).isEqualTo(201);
  }

  @Test
  void createApp_withAMalformedId_is400OnId() {
    Reply reply = api.post("/api/developer/apps", dev, newApp().put("id", "Not_An_Id"));
    assertContractProblem(reply, "id");
    assertThat(reply.json().getString("field")).isEqualTo("/id");
  }

  @Test
  void auditLimit_outOfRange_is400NamingTheParameter() {
    for (String limit : new String[] {"0", "201", "-1", "many"}) {
      Reply reply = api.get("/api/admin/audit?limit=" + limit, admin);
      assertContractProblem(reply, "limit");
    }
    assertThat(api.get("/api/admin/audit?limit=200", admin).status()).isEqualTo(200);
  }

  @Test
  void adminSearch_withAnUnknownStatus_is400NamingTheParameter() {
    assertContractProblem(api.get("/api/admin/apps?status=deleted", admin), "status");
  }

  // ---- helpers ----

  private JsonObject newApp() {
    return new JsonObject().put("id", TestApps.appId(api, "contract")).put("name", "Contract")
        .put("description", "checks the contract").put("category", "tools");
  }

  private static void assertContractProblem(Reply reply, String names) {
    assertThat(reply.status()).as("%s", reply).isEqualTo(400);
    assertThat(reply.contentType()).isEqualTo("application/problem+json");
    JsonObject problem = reply.json();
    assertThat(problem.getString("detail") + " " + problem.getString("field", "")).as("%s", reply).contains(names);
    assertThat(reply.body()).doesNotContain("Exception", "io.vertx", "dev.parley");
  }

  /** "METHOD /path/{param}" → operationId, for every operation of an OpenAPI document. */
  private static Map<String, String> operations(JsonObject document) {
    Map<String, String> out = new java.util.TreeMap<>();
    JsonObject paths = document.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : item.fieldNames()) {
        if (METHODS.contains(method)) {
          out.put(method.toUpperCase(Locale.ROOT) + " " + path, item.getJsonObject(method).getString("operationId"));
        }
      }
    }
    return out;
  }
}
