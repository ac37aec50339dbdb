package dev.parley.core.apps.broker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.TestDatabases.Kind;
import dev.parley.core.TestPlatform;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The SDK's TypeScript declarations against the host's capabilities as the platform assembles
 * them: {@code parley-host.d.ts} (server code) is what {@link HostDeclarations} writes from them,
 * and it and {@code parley-sdk.d.ts} (a page's {@code Parley.call}) name every capability and no
 * other.
 */
class HostDeclarationsTest {

  private static TestPlatform p;
  private static List<Capability> capabilities;

  @BeforeAll
  static void start() {
    p = TestPlatform.start(Kind.H2);
    capabilities = p.platform().brokerHost().catalogue().list();
  }

  @AfterAll
  static void stop() {
    p.close();
  }

  private static String resource(String path) throws IOException {
    try (InputStream in = HostDeclarationsTest.class.getClassLoader().getResourceAsStream(path)) {
      assertThat(in).as(path).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static Set<String> names() {
    return capabilities.stream().map(Capability::name).collect(Collectors.toCollection(LinkedHashSet::new));
  }

  @Test
  void hostDeclarations_areWhatTheCapabilitiesGenerate() throws IOException {
    String expected = HostDeclarations.of(capabilities);
    String committed = resource(HostDeclarations.RESOURCE);
    if (!committed.equals(expected)) {
      Path written = Path.of("target", "parley-host.d.ts");
      Files.writeString(written, expected);
      System.out.println("---- expected sdk/types/parley-host.d.ts (also in " + written
          + ") ----\n" + expected + "---- end ----");
    }
    assertThat(committed).as("sdk/types/parley-host.d.ts (%s in the sdk jar) is generated from the capabilities: "
        + "copy the expected text printed above (target/parley-host.d.ts)", HostDeclarations.RESOURCE)
        .isEqualTo(expected);
  }

  @Test
  void hostDeclarations_nameEveryCapability_andNoOther() throws IOException {
    String text = resource(HostDeclarations.RESOURCE);
    Set<String> declared = new LinkedHashSet<>();
    Matcher area = Pattern.compile("(?m)^  (\\w+): \\{\\n([\\s\\S]*?)^  \\};").matcher(text);
    while (area.find()) {
      Matcher method = Pattern.compile("(?m)^    (\\w+)\\(").matcher(area.group(2));
      while (method.find()) {
        declared.add(area.group(1) + "." + method.group(1));
      }
    }
    assertThat(declared).containsExactlyInAnyOrderElementsOf(names());
    assertThat(union(text, "type HostCapability =")).containsExactlyInAnyOrderElementsOf(names());
  }

  @Test
  void pageSdkDeclarations_nameEveryCapability_andNoOther() throws IOException {
    String text = resource("dev/parley/core/apps/pages/parley-sdk.d.ts");
    assertThat(union(text, "export type HostCapability =")).as("a page may call every capability through the bridge")
        .containsExactlyInAnyOrderElementsOf(names());
    assertThat(text).contains("call<T = unknown>(capability: HostCapability | 'server'");
  }

  @Test
  void everyCapability_hasASummary_andADescribedField() {
    for (Capability c : capabilities) {
      assertThat(c.summary()).as(c.name()).isNotBlank();
      c.arguments().getJsonObject("properties").forEach(f -> assertThat(((io.vertx.core.json.JsonObject) f.getValue())
          .getString("description")).as(c.name() + " /" + f.getKey()).isNotBlank());
    }
  }

  @Test
  void permissionsDoc_namesEachCapabilityWithWhatItRequires() throws IOException {
    String doc = Files.readString(Path.of("..", "docs", "permissions.md"));
    for (Capability c : capabilities) {
      String call = "parley." + c.name();
      switch (c.requirement()) {
        case Requirement.Granted g -> assertThat(row(doc, g.value().permissionName())).as(c.name()).contains(call);
        case Requirement.StorageScope s -> {
          assertThat(row(doc, "storage.user")).as(c.name()).contains("parley.storage.*");
          assertThat(row(doc, "storage.conversation")).as(c.name()).contains("parley.storage.*");
        }
        case Requirement.Membership m -> assertThat(doc.substring(doc.indexOf("needs no")).replaceAll("\\s+", " "))
            .as("%s needs no permission", c.name()).contains(call);
      }
    }
  }

  private static String row(String doc, String permission) {
    return doc.lines().filter(l -> l.startsWith("| `" + permission + "` |")).findFirst().orElseThrow();
  }

  /** The names of a union of string literals, {@code type X = | 'a' | 'b';}. */
  private static Set<String> union(String text, String start) {
    int at = text.indexOf(start);
    assertThat(at).as(start).isNotNegative();
    String body = text.substring(at + start.length(), text.indexOf(';', at));
    Set<String> out = new LinkedHashSet<>();
    Matcher m = Pattern.compile("'([^']+)'").matcher(body);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }
}
