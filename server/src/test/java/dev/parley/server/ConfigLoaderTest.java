package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.parley.server.ConfigLoader.ConfigException;
import dev.parley.server.ConfigLoader.Loaded;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Configuration from defaults, a JSON or YAML file, {@code PARLEY_*} environment variables and
 * flags, in rising priority; invalid values stop with a message naming the setting and its source.
 */
class ConfigLoaderTest {

  @TempDir
  Path dir;

  private Path file(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content);
  }

  private static ServerOptions load(List<String> args, Map<String, String> env) throws ConfigException {
    return ConfigLoader.load(args, env).options();
  }

  private static String failure(List<String> args, Map<String, String> env) {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(args, env));
    assertThat(e).as("expected the configuration to be refused").isNotNull();
    return e.getMessage();
  }

  @Test
  void nothingGiven_meansTheDefaults() throws Exception {
    Loaded loaded = ConfigLoader.load(List.of(), Map.of("HOME", "/root", "PATH", "/bin"));
    ServerOptions o = loaded.options();
    assertThat(loaded.help()).isFalse();
    assertThat(o.getPort()).isEqualTo(8080);
    assertThat(o.getHost()).isEqualTo("0.0.0.0");
    assertThat(o.getDataDir()).isEqualTo("parley-data");
    assertThat(o.getDatabaseUrl()).isEmpty();
    assertThat(o.effectiveDatabaseUrl()).startsWith("jdbc:h2:file:")
        .endsWith(Path.of("parley-data", "db", "parley").toString());
    assertThat(o.getLogFormat()).isEqualTo("text");
    assertThat(o.getMaxBodyBytes()).isEqualTo(1024 * 1024);
    assertThat(o.getBootstrapAdmin()).isEmpty();
    assertThat(o.effectivePublicBaseUrl(8080)).isEqualTo("http://localhost:8080");
  }

  @Test
  void theLaunchersOwnVariables_areNotSettings() throws Exception {
    // ./parley reads these; before, the server refused to start with "unknown setting 'javaOpts'".
    ServerOptions o = load(List.of(), Map.of("PARLEY_JAVA_OPTS", "-Xmx2g", "PARLEY_TRUFFLE", "jit", "PARLEY_PORT",
        "2222"));
    assertThat(o.getPort()).isEqualTo(2222);
  }

  @Test
  void priority_isDefaultsThenFileThenEnvironmentThenFlags() throws Exception {
    Path json = file("parley.json", """
        {"port": 1111, "host": "10.0.0.1", "dataDir": "/from/file", "logFormat": "json", "httpInstances": 3}
        """);
    Map<String, String> env = Map.of("PARLEY_CONFIG", json.toString(), "PARLEY_PORT", "2222", "PARLEY_HOST", "10.0.0.2",
        "PARLEY_HTTP_INSTANCES", "5");

    ServerOptions o = load(List.of("--port", "3333", "--http-instances=7"), env);

    assertThat(o.getPort()).isEqualTo(3333); // flag over environment over file
    assertThat(o.getHttpInstances()).isEqualTo(7);
    assertThat(o.getHost()).isEqualTo("10.0.0.2"); // environment over file
    assertThat(o.getDataDir()).isEqualTo("/from/file"); // file over default
    assertThat(o.getLogFormat()).isEqualTo("json");
    assertThat(o.getMaxBodyBytes()).isEqualTo(1024 * 1024); // default
  }

  @Test
  void configFlag_winsOverTheConfigVariable_andYamlNestsSettings() throws Exception {
    Path ignored = file("ignored.json", "{\"port\": 1}");
    Path yaml = file("parley.yaml", """
        port: 4444
        publicBaseUrl: https://chat.example.org/
        live:
          maxQueuedBytes: 2048
        bootstrapAdmin:
          username: root
          password: from-the-file-123
        """);
    Map<String, String> env = Map.of("PARLEY_CONFIG", ignored.toString(), "PARLEY_LIVE__MAX_BUFFERED_EVENTS", "10",
        "PARLEY_BOOTSTRAP_ADMIN__DISPLAY_NAME", "Root");

    ServerOptions o = load(List.of("--config", yaml.toString(), "--live.max-inflight-sends", "5",
        "--database-url", "postgresql://parley@db.example.org:5432/parley"), env);

    assertThat(o.getPort()).isEqualTo(4444);
    assertThat(o.getPublicBaseUrl()).contains("https://chat.example.org");
    assertThat(o.getLive().toJson()).isEqualTo(new JsonObject().put("maxQueuedBytes", 2048).put("maxBufferedEvents", 10)
        .put("maxInflightSends", 5).put("closeTimeoutMillis", 2000).put("maxConnectionsPerAccount", 20)
        .put("maxConnectionsPerAddress", 200));
    assertThat(o.getBootstrapAdmin()).contains(new JsonObject().put("username", "root")
        .put("password", "from-the-file-123").put("displayName", "Root"));
    assertThat(o.effectiveDatabaseUrl()).isEqualTo("postgresql://parley@db.example.org:5432/parley");
  }

  @Test
  void invalidValue_namesTheSettingAndWhereItCameFrom() throws Exception {
    assertThat(failure(List.of(), Map.of("PARLEY_PORT", "70000")))
        .isEqualTo("port must be between 0 and 65535, got 70000 (from environment variable PARLEY_PORT)");
    assertThat(failure(List.of("--port=70000"), Map.of()))
        .isEqualTo("port must be between 0 and 65535, got 70000 (from flag --port)");
    Path json = file("bad.json", "{\"port\": 70000}");
    assertThat(failure(List.of("--config", json.toString()), Map.of()))
        .isEqualTo("port must be between 0 and 65535, got 70000 (from file " + json + ")");
    assertThat(failure(List.of("--port", "eighty"), Map.of()))
        .isEqualTo("port must be an integer, got 'eighty' (from flag --port)");
    assertThat(failure(List.of("--log-format", "xml"), Map.of()))
        .isEqualTo("logFormat must be 'text' or 'json', got 'xml' (from flag --log-format)");
    assertThat(failure(List.of(), Map.of("PARLEY_MAX_BODY_BYTES", "10")))
        .isEqualTo(
            "maxBodyBytes must be between 1024 and 536870912, got 10 (from environment variable PARLEY_MAX_BODY_BYTES)");
    assertThat(failure(List.of("--public-base-url", "chat.example.org"), Map.of()))
        .startsWith("publicBaseUrl must be an absolute http:// or https:// URL")
        .endsWith("(from flag --public-base-url)");
    assertThat(failure(List.of("--database-url", "mysql://db/parley"), Map.of()))
        .startsWith("databaseUrl must start with").endsWith("(from flag --database-url)");
  }

  @Test
  void invalidNestedValue_namesTheNestedSettingAndItsSource() {
    assertThat(failure(List.of("--live.max-queued-bytes", "5"), Map.of()))
        .isEqualTo("live.maxQueuedBytes must be at least 1024, got 5 (from flag --live.max-queued-bytes)");
    assertThat(failure(List.of(),
        Map.of("PARLEY_BOOTSTRAP_ADMIN__USERNAME", "root", "PARLEY_BOOTSTRAP_ADMIN__PASSWORD", "short")))
        .startsWith(
            "bootstrapAdmin.password must be at least 10 characters (from environment variable PARLEY_BOOTSTRAP_ADMIN__");
    assertThat(failure(List.of("--live.max-queued-bytes", "lots"), Map.of()))
        .startsWith("live.maxQueuedBytes must be an integer")
        .endsWith("(from flag --live.max-queued-bytes)")
        .doesNotContain("java.lang");
  }

  @Test
  void redPackets_fromEnvironmentAndFlags_reachThePlatform() throws Exception {
    ServerOptions o = load(List.of("--red-packets.expiry-millis", "3600000", "--broker.user-rate", "50"),
        Map.of("PARLEY_RED_PACKETS__MAX_SHARES", "100"));
    assertThat(o.getRedPackets().toJson().getLong("expiryMillis")).isEqualTo(3_600_000L);
    dev.parley.core.money.gifting.RedPacketOptions packets = ParleyServer.platformOptions(o).getRedPackets();
    assertThat(packets.getExpiryMillis()).isEqualTo(3_600_000L);
    assertThat(packets.getMaxShares()).isEqualTo(100);
    assertThat(packets.getSweepIntervalMillis())
        .isEqualTo(dev.parley.core.money.gifting.RedPacketOptions.DEFAULT_SWEEP_INTERVAL_MILLIS);
    assertThat(ParleyServer.platformOptions(load(List.of(), Map.of())).getRedPackets().getExpiryMillis())
        .as("24 hours by default").isEqualTo(24 * 60 * 60 * 1000L);
    assertThat(failure(List.of("--red-packets.expiry-millis", "5"), Map.of()))
        .startsWith("redPackets.expiryMillis must be from 1 second to 30 days")
        .endsWith("(from flag --red-packets.expiry-millis)");
    assertThat(failure(List.of("--red-packets.expiry", "5"), Map.of()))
        .startsWith("redPackets.expiry is not a setting");
  }

  @Test
  void mediaAndBroadcasts_fromEnvironmentAndFlags_reachThePlatform() throws Exception {
    ServerOptions o = load(List.of("--media.max-upload-bytes", "1048576", "--broker.broadcast-rate", "5"),
        Map.of("PARLEY_MEDIA__CACHE_BYTES", "0"));
    var platform = ParleyServer.platformOptions(o);
    assertThat(platform.getMedia().getMaxUploadBytes()).isEqualTo(1_048_576L);
    assertThat(platform.getMedia().getCacheBytes()).isZero();
    assertThat(platform.getBroker().getBroadcastRate()).isEqualTo(5);
    assertThat(ParleyServer.platformOptions(load(List.of(), Map.of())).getMedia().getMaxUploadBytes())
        .as("20 MiB by default").isEqualTo(20L * 1024 * 1024);
    assertThat(failure(List.of("--media.max-upload-bytes", "0"), Map.of()))
        .startsWith("media.maxUploadBytes must be 1..1073741824").endsWith("(from flag --media.max-upload-bytes)");
    assertThat(failure(List.of("--media.max-bytes", "5"), Map.of())).startsWith("media.maxBytes is not a setting");
  }

  @Test
  void unknownSetting_isNamedWithItsSource() throws Exception {
    assertThat(failure(List.of("--prot", "80"), Map.of()))
        .startsWith("unknown setting 'prot'; known settings: port, host,")
        .endsWith("(from flag --prot)");
    assertThat(failure(List.of(), Map.of("PARLEY_PROT", "80"))).startsWith("unknown setting 'prot'")
        .endsWith("(from environment variable PARLEY_PROT)");
    Path json = file("typo.json", "{\"dataDirectory\": \"/x\"}");
    assertThat(failure(List.of("--config", json.toString()), Map.of())).startsWith("unknown setting 'dataDirectory'")
        .endsWith("(from file " + json + ")");
    assertThat(failure(List.of("--live.max-queue", "4096"), Map.of())).startsWith("live.maxQueue is not a setting")
        .endsWith("(from flag --live.max-queue)");
  }

  @Test
  void malformedFile_isReportedWithLineAndColumn() throws Exception {
    Path json = file("broken.json", "{\n  \"port\": 8080,\n  oops\n}\n");
    assertThat(failure(List.of("--config", json.toString()), Map.of()))
        .startsWith("config file " + json + " is malformed at line 3, column ");
    Path yaml = file("broken.yaml", "port: 8080\nhost: [unclosed\ndataDir: x\n");
    assertThat(failure(List.of("--config", yaml.toString()), Map.of()))
        .startsWith("config file " + yaml + " is malformed at line ");
    Path list = file("list.json", "[1, 2]");
    assertThat(failure(List.of("--config", list.toString()), Map.of())).contains("must hold an object of settings");
    assertThat(failure(List.of("--config", dir.resolve("missing.yaml").toString()), Map.of()))
        .contains("does not exist");
  }

  @Test
  void badCommandLine_isExplained_andHelpIsRecognised() throws Exception {
    assertThat(failure(List.of("8080"), Map.of())).startsWith("unexpected argument '8080'");
    assertThat(failure(List.of("--port"), Map.of())).isEqualTo("flag --port needs a value");
    assertThat(ConfigLoader.load(List.of("--help"), Map.of()).help()).isTrue();
    assertThat(Main.usage()).contains("--port N").contains("PARLEY_PORT").contains("--data-dir");
  }

  @Test
  void options_roundTripThroughJson() throws Exception {
    ServerOptions o = load(List.of("--port", "0", "--data-dir", "/tmp/x", "--bootstrap-admin.username", "root",
        "--bootstrap-admin.password", "long-enough-pw"), Map.of());
    assertThat(new ServerOptions(o.toJson()).toJson()).isEqualTo(o.toJson());
    assertThat(new ServerOptions(o).getPort()).isZero();
  }
}
