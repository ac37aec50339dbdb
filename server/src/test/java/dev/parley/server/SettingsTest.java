package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The table of settings is the one source: every setting binds from text (environment, flags) and
 * from the file, {@code --help} lists them all, and the README's table is the generated one.
 */
class SettingsTest {

  private static final Path README = Path.of("..", "README.md");
  private static final String BEGIN = "<!-- settings:begin (generated from server/Settings; SettingsTest checks it) -->\n";
  private static final String END = "<!-- settings:end -->";

  /** A value for the settings that have none by default. */
  private static final Map<String, String> EXAMPLES = Map.ofEntries(
      Map.entry("databaseUrl", "postgresql://parley@db.example.org:5432/parley"),
      Map.entry("publicBaseUrl", "https://chat.example.org"),
      Map.entry("metricsToken", "a-scrape-token-of-24-chars-or-more"),
      Map.entry("bootstrapAdmin.username", "root"),
      Map.entry("bootstrapAdmin.password", "long-enough-pw"),
      Map.entry("bootstrapAdmin.displayName", "Root"),
      Map.entry("trustedProxies", "10.0.0.0/8,::1"),
      Map.entry("push.subject", "mailto:ops@example.org"),
      Map.entry("devMode.enabled", "false"),
      Map.entry("smtp.host", "smtp.example.org"),
      Map.entry("smtp.username", "parley"),
      Map.entry("smtp.password", "an-smtp-password"),
      Map.entry("smtp.from", "no-reply@example.org"),
      Map.entry("cluster.publicHost", "node1.example.org"),
      Map.entry("cluster.members", "10.0.0.1:5701,10.0.0.2:5701"));

  private static String example(Setting s) {
    Object value = s.get().apply(new ServerOptions());
    return value != null ? value.toString() : EXAMPLES.get(s.path());
  }

  @Test
  void readmeTable_isTheGeneratedOne() throws Exception {
    String readme = Files.readString(README);
    int begin = readme.indexOf(BEGIN);
    int end = readme.indexOf(END);
    assertThat(begin).as("README.md marks its table of settings with " + BEGIN.strip()).isNotNegative();
    assertThat(end).isGreaterThan(begin);
    String expected = Settings.markdownTable();
    if (Boolean.getBoolean("parley.writeReadme")) {
      readme = readme.substring(0, begin + BEGIN.length()) + expected + readme.substring(end);
      Files.writeString(README, readme);
    }
    String actual = Files.readString(README);
    assertThat(actual.substring(actual.indexOf(BEGIN) + BEGIN.length(), actual.indexOf(END)))
        .as("README.md's table of settings; regenerate it with "
            + "./mvnw -pl server -am test -Dtest=SettingsTest -Dparley.writeReadme=true")
        .isEqualTo(expected);
  }

  @Test
  void readmeRows_nameExactlyTheSettings() throws Exception {
    String readme = Files.readString(README);
    Set<String> rows = new HashSet<>();
    for (String line : readme.substring(readme.indexOf(BEGIN), readme.indexOf(END)).lines().toList()) {
      if (line.startsWith("| `")) {
        rows.add(line.substring(3, line.indexOf('`', 3)));
      }
    }
    Set<String> settings = new HashSet<>();
    Settings.ALL.forEach(s -> settings.add(s.path()));
    assertThat(rows).isEqualTo(settings);
  }

  @Test
  void help_listsEverySettingWithItsFlagVariableAndDefault() {
    String help = Main.usage();
    for (Setting s : Settings.ALL) {
      assertThat(help).contains(s.flag() + " " + s.type().placeholder()).contains(s.env())
          .contains(
              "      " + s.description() + "\n      default: " + s.defaultValue() + "; allowed: " + s.allowed() + "\n");
    }
    assertThat(help).contains("--config FILE").contains("PARLEY_CONFIG");
  }

  @Test
  void flagsAndVariables_leadBackToTheirSetting() {
    for (Setting s : Settings.ALL) {
      assertThat(ConfigLoader.flagToPath(s.flag().substring(2))).isEqualTo(s.path());
      assertThat(ConfigLoader.envToPath(s.env().substring(Setting.ENV_PREFIX.length()))).isEqualTo(s.path());
    }
  }

  @Test
  void everySetting_bindsFromFlagsFromTheEnvironmentAndFromJson() throws Exception {
    List<String> args = new ArrayList<>();
    Map<String, String> env = new LinkedHashMap<>();
    for (Setting s : Settings.ALL) {
      args.add(s.flag());
      args.add(example(s));
      env.put(s.env(), example(s));
    }
    ServerOptions fromFlags = ConfigLoader.load(args, Map.of()).options();
    ServerOptions fromEnv = ConfigLoader.load(List.of(), env).options();
    for (Setting s : Settings.ALL) {
      assertThat(String.valueOf(s.get().apply(fromFlags))).as(s.flag()).isEqualTo(example(s));
      assertThat(String.valueOf(s.get().apply(fromEnv))).as(s.env()).isEqualTo(example(s));
    }
    JsonObject json = fromFlags.toJson();
    assertThat(new ServerOptions(json).toJson()).isEqualTo(json);
  }

  /** "a..b" and "at least a" in the table are what the setters enforce: the bounds pass, one step beyond fails. */
  @Test
  void documentedRanges_areTheOnesEnforced() throws Exception {
    var range = java.util.regex.Pattern.compile("^(?:at least (-?[\\d.]+)|(-?[\\d.]+)\\.\\.(-?[\\d.]+))(?: .*)?$");
    int checked = 0;
    for (Setting s : Settings.ALL) {
      var m = range.matcher(s.allowed());
      if (s.type() == Setting.Type.STRING || s.type() == Setting.Type.BOOLEAN || !m.matches()) {
        continue;
      }
      boolean decimal = s.type() == Setting.Type.DOUBLE;
      java.math.BigDecimal step = decimal ? new java.math.BigDecimal("0.01") : java.math.BigDecimal.ONE;
      java.math.BigDecimal min = new java.math.BigDecimal(m.group(1) != null ? m.group(1) : m.group(2));
      assertThat(ConfigLoader.load(List.of(s.flag(), min.toPlainString()), Map.of()).options()).as(s.path())
          .isNotNull();
      assertThat(failure(List.of(s.flag(), min.subtract(step).toPlainString()), Map.of()))
          .startsWith(s.path() + " must");
      if (m.group(3) != null) {
        java.math.BigDecimal max = new java.math.BigDecimal(m.group(3));
        assertThat(ConfigLoader.load(List.of(s.flag(), max.toPlainString()), Map.of()).options()).as(s.path())
            .isNotNull();
        assertThat(failure(List.of(s.flag(), max.add(step).toPlainString()), Map.of())).startsWith(s.path() + " must");
      }
      checked++;
    }
    assertThat(checked).as("settings with a numeric range").isGreaterThan(40);
  }

  @Test
  void runtimeLimits_reachThePlatform() throws Exception {
    ServerOptions o = ConfigLoader.load(
        List.of("--runtime.limits.cpu-time-millis", "250", "--runtime.worker-threads", "3",
            "--bundles.max-entries", "10", "--database.max-pool-size", "4"),
        Map.of("PARLEY_RUNTIME__LIMITS__MAX_CALL_DEPTH",
            "200", "PARLEY_RUNTIME__WARM_UP", "false", "PARLEY_RUNTIME__HEAP_GUARD_RATIO", "0.5"))
        .options();
    var platform = ParleyServer.platformOptions(o);
    assertThat(platform.getRuntime().getLimits().getCpuTimeMillis()).isEqualTo(250);
    assertThat(platform.getRuntime().getLimits().getMaxCallDepth()).isEqualTo(200);
    assertThat(platform.getRuntime().getWorkerThreads()).isEqualTo(3);
    assertThat(platform.getRuntime().isWarmUp()).isFalse();
    assertThat(platform.getRuntime().getHeapGuardRatio()).isEqualTo(0.5);
    assertThat(platform.getBundles().getMaxEntries()).isEqualTo(10);
    assertThat(platform.getBundles().getMaxArchiveBytes()).isEqualTo(o.getMaxBundleBytes());
    assertThat(platform.getDatabase().getMaxPoolSize()).isEqualTo(4);
  }

  @Test
  void invalidRuntimeLimit_namesTheSettingAndItsSource() {
    assertThat(failure(List.of("--runtime.limits.cpu-time-millis", "0"), Map.of()))
        .isEqualTo("runtime.limits.cpuTimeMillis must be > 0, got 0 (from flag --runtime.limits.cpu-time-millis)");
    assertThat(failure(List.of(), Map.of("PARLEY_RUNTIME__WARM_UP", "sometimes")))
        .isEqualTo(
            "runtime.warmUp must be true or false, got 'sometimes' (from environment variable PARLEY_RUNTIME__WARM_UP)");
    assertThat(failure(List.of("--runtime.limits.cpu", "5"), Map.of()))
        .startsWith("runtime.limits.cpu is not a setting; use cpuTimeMillis, wallTimeMillis,");
    assertThat(failure(List.of("--runtime", "5"), Map.of()))
        .isEqualTo("runtime must be an object (from flag --runtime)");
    assertThat(failure(List.of(), Map.of("PARLEY_BOOTSTRAP_ADMIN__USERNAME", "root")))
        .isEqualTo("bootstrapAdmin needs both username and password "
            + "(from environment variable PARLEY_BOOTSTRAP_ADMIN__USERNAME)");
  }

  private static String failure(List<String> args, Map<String, String> env) {
    try {
      ConfigLoader.load(args, env);
    } catch (ConfigLoader.ConfigException e) {
      return e.getMessage();
    }
    throw new AssertionError("expected the configuration to be refused");
  }

  @Test
  void clusterSwitch_membersList_andPostgresqlRequired() throws Exception {
    // ./parley start --cluster is --cluster.enabled true; the members come as a list in a file too.
    ServerOptions flagged = ConfigLoader.load(java.util.List.of("--cluster", "--cluster.members",
        "10.0.0.1:5701, 10.0.0.2"), Map.of()).options();
    assertThat(flagged.getCluster().isEnabled()).isTrue();
    assertThat(flagged.getCluster().getMembers()).containsExactly("10.0.0.1:5701", "10.0.0.2");
    ServerOptions fromJson = new ServerOptions(new io.vertx.core.json.JsonObject().put("cluster",
        new io.vertx.core.json.JsonObject().put("enabled", true)
            .put("members", new io.vertx.core.json.JsonArray().add("a:5701").add("b:5702"))));
    assertThat(fromJson.getCluster().getMembers()).containsExactly("a:5701", "b:5702");
    // Without PostgreSQL a node refuses to start, and says why.
    assertThat(ParleyServer.clusterRefusal(flagged)).contains("cluster mode needs PostgreSQL");
    flagged.setDatabaseUrl("postgresql://parley@db:5432/parley");
    assertThat(ParleyServer.clusterRefusal(flagged)).isNull();
    assertThat(ParleyServer.clusterRefusal(new ServerOptions())).isNull();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ConfigLoader.load(java.util.List.of("--cluster",
        "--cluster.members", "a:99999"), Map.of())).hasMessageContaining("cluster.members");
  }
}
