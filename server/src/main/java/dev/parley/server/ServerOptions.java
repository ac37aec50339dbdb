package dev.parley.server;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Every setting of the server, with its default. Read by {@link ConfigLoader} from (in rising
 * priority) these defaults, an optional JSON or YAML file, {@code PARLEY_*} environment variables
 * and command-line flags. Setters validate and name the setting in their message.
 */
public final class ServerOptions {

  public static final int DEFAULT_PORT = 8080;
  public static final String DEFAULT_HOST = "0.0.0.0";
  public static final String DEFAULT_DATA_DIR = "parley-data";

  private int port = DEFAULT_PORT;
  private String host = DEFAULT_HOST;
  private String dataDir = DEFAULT_DATA_DIR;
  private String databaseUrl;
  private String publicBaseUrl;
  private long maxBodyBytes = dev.parley.core.PlatformOptions.DEFAULT_MAX_BODY_BYTES;
  private long maxBundleBytes = dev.parley.runtime.BundleOptions.DEFAULT_MAX_ARCHIVE_BYTES;
  private JsonObject bootstrapAdmin;
  private JsonObject live = new JsonObject();
  private JsonObject broker = new JsonObject();
  private JsonObject redPackets = new JsonObject();
  private JsonObject media = new JsonObject();
  private String logFormat = "text";
  private int httpInstances = Math.max(1, Runtime.getRuntime().availableProcessors());

  public ServerOptions() {
  }

  public ServerOptions(ServerOptions other) {
    this(other.toJson());
  }

  /** Reads the JSON form; unknown keys and wrong types fail with {@link IllegalArgumentException}. */
  public ServerOptions(JsonObject json) {
    for (String key : json.fieldNames()) {
      Object v = json.getValue(key);
      switch (key) {
        case "port" -> setPort(integer(key, v));
        case "host" -> setHost(string(key, v));
        case "dataDir" -> setDataDir(string(key, v));
        case "databaseUrl" -> setDatabaseUrl(string(key, v));
        case "publicBaseUrl" -> setPublicBaseUrl(string(key, v));
        case "maxBodyBytes" -> setMaxBodyBytes(integer(key, v));
        case "maxBundleBytes" -> setMaxBundleBytes(integer(key, v));
        case "bootstrapAdmin" -> setBootstrapAdmin(object(key, v));
        case "live" -> setLive(object(key, v));
        case "broker" -> setBroker(object(key, v));
        case "redPackets" -> setRedPackets(object(key, v));
        case "media" -> setMedia(object(key, v));
        case "logFormat" -> setLogFormat(string(key, v));
        case "httpInstances" -> setHttpInstances((int) integer(key, v));
        default -> throw new IllegalArgumentException("unknown setting '" + key + "'; known settings: port, host, dataDir, "
            + "databaseUrl, publicBaseUrl, maxBodyBytes, maxBundleBytes, bootstrapAdmin, live, broker, redPackets, media, logFormat, "
            + "httpInstances");
      }
    }
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject()
        .put("port", port)
        .put("host", host)
        .put("dataDir", dataDir)
        .put("maxBodyBytes", maxBodyBytes)
        .put("maxBundleBytes", maxBundleBytes)
        .put("live", live.copy())
        .put("broker", broker.copy())
        .put("redPackets", redPackets.copy())
        .put("media", media.copy())
        .put("logFormat", logFormat)
        .put("httpInstances", httpInstances);
    if (databaseUrl != null) {
      json.put("databaseUrl", databaseUrl);
    }
    if (publicBaseUrl != null) {
      json.put("publicBaseUrl", publicBaseUrl);
    }
    if (bootstrapAdmin != null) {
      json.put("bootstrapAdmin", bootstrapAdmin.copy());
    }
    return json;
  }

  public int getPort() {
    return port;
  }

  /** The HTTP port; 0 picks a free one. */
  public ServerOptions setPort(long port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
    }
    this.port = (int) port;
    return this;
  }

  public String getHost() {
    return host;
  }

  public ServerOptions setHost(String host) {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("host must not be empty");
    }
    this.host = host;
    return this;
  }

  public String getDataDir() {
    return dataDir;
  }

  /** Where the embedded database and other files live. */
  public ServerOptions setDataDir(String dataDir) {
    if (dataDir == null || dataDir.isBlank()) {
      throw new IllegalArgumentException("dataDir must not be empty");
    }
    try {
      var _ = Path.of(dataDir); // only to refuse a path the platform could not open
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("dataDir is not a valid path: " + dataDir);
    }
    this.dataDir = dataDir;
    return this;
  }

  /** The database URL; by default an embedded H2 database under the data directory. */
  public String effectiveDatabaseUrl() {
    if (databaseUrl != null) {
      return databaseUrl;
    }
    return "jdbc:h2:file:" + Path.of(dataDir).toAbsolutePath().normalize().resolve("db").resolve("parley");
  }

  public Optional<String> getDatabaseUrl() {
    return Optional.ofNullable(databaseUrl);
  }

  public ServerOptions setDatabaseUrl(String databaseUrl) {
    String lower = Objects.requireNonNull(databaseUrl, "databaseUrl").toLowerCase(java.util.Locale.ROOT);
    if (!(lower.startsWith("jdbc:h2:") || lower.startsWith("postgresql://") || lower.startsWith("postgres://")
        || lower.startsWith("jdbc:postgresql://"))) {
      throw new IllegalArgumentException("databaseUrl must start with jdbc:h2:, postgresql://, postgres:// or "
          + "jdbc:postgresql://");
    }
    this.databaseUrl = databaseUrl;
    return this;
  }

  /** The URL people open; by default {@code http://localhost:<port>}. */
  public String effectivePublicBaseUrl(int actualPort) {
    return publicBaseUrl != null ? publicBaseUrl : "http://localhost:" + actualPort;
  }

  public Optional<String> getPublicBaseUrl() {
    return Optional.ofNullable(publicBaseUrl);
  }

  public ServerOptions setPublicBaseUrl(String publicBaseUrl) {
    URI uri;
    try {
      uri = new URI(Objects.requireNonNull(publicBaseUrl, "publicBaseUrl"));
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException("publicBaseUrl is not a URL: " + e.getMessage());
    }
    if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
      throw new IllegalArgumentException("publicBaseUrl must be an absolute http:// or https:// URL, got '" + publicBaseUrl + "'");
    }
    String s = publicBaseUrl;
    this.publicBaseUrl = s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    return this;
  }

  /** The largest mini-app bundle (zip) a developer may upload. */
  public long getMaxBundleBytes() {
    return maxBundleBytes;
  }

  public ServerOptions setMaxBundleBytes(long maxBundleBytes) {
    if (maxBundleBytes < 1024 || maxBundleBytes > 256L * 1024 * 1024) {
      throw new IllegalArgumentException("maxBundleBytes must be between 1024 and 268435456, got " + maxBundleBytes);
    }
    this.maxBundleBytes = maxBundleBytes;
    return this;
  }

  public long getMaxBodyBytes() {
    return maxBodyBytes;
  }

  public ServerOptions setMaxBodyBytes(long maxBodyBytes) {
    if (maxBodyBytes < 1024 || maxBodyBytes > 512L * 1024 * 1024) {
      throw new IllegalArgumentException("maxBodyBytes must be between 1024 and 536870912, got " + maxBodyBytes);
    }
    this.maxBodyBytes = maxBodyBytes;
    return this;
  }

  public Optional<JsonObject> getBootstrapAdmin() {
    return Optional.ofNullable(bootstrapAdmin).map(JsonObject::copy);
  }

  /** The first admin, created at first start: {@code username}, {@code password}, optional {@code displayName}. */
  public ServerOptions setBootstrapAdmin(JsonObject admin) {
    for (String key : admin.fieldNames()) {
      if (!(key.equals("username") || key.equals("password") || key.equals("displayName"))) {
        throw new IllegalArgumentException("bootstrapAdmin." + key + " is not a setting; use username, password, displayName");
      }
      if (!(admin.getValue(key) instanceof String)) {
        throw new IllegalArgumentException("bootstrapAdmin." + key + " must be a string");
      }
    }
    if (!admin.containsKey("username") || !admin.containsKey("password")) {
      throw new IllegalArgumentException("bootstrapAdmin needs both username and password");
    }
    if (admin.getString("password").length() < 10) {
      throw new IllegalArgumentException("bootstrapAdmin.password must be at least 10 characters");
    }
    this.bootstrapAdmin = admin.copy();
    return this;
  }

  public JsonObject getLive() {
    return live.copy();
  }

  /**
   * The broker's limits: {@code appRate}, {@code userRate}, {@code conversationRate} (calls/s), {@code answerMillis},
   * {@code broadcastRate}, {@code broadcastMaxBytes}, {@code searchMillis} (the apps' deadline in a search).
   */
  public JsonObject getBroker() {
    return broker.copy();
  }

  public ServerOptions setBroker(JsonObject broker) {
    java.util.Set<String> known = java.util.Set.of("appRate", "userRate", "conversationRate", "answerMillis",
        "broadcastRate", "broadcastMaxBytes", "searchMillis");
    for (String key : broker.fieldNames()) {
      if (!known.contains(key)) {
        throw new IllegalArgumentException("broker." + key + " is not a setting; use " + String.join(", ", known));
      }
      if (!(broker.getValue(key) instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
        throw new IllegalArgumentException("broker." + key + " must be an integer, got '" + broker.getValue(key) + "'");
      }
    }
    try {
      new dev.parley.core.broker.BrokerOptions(broker);
    } catch (IllegalArgumentException | ClassCastException e) {
      throw new IllegalArgumentException("broker." + e.getMessage());
    }
    this.broker = broker.copy();
    return this;
  }

  /** Media uploads of apps' pages: {@code maxUploadBytes} (20 MiB), {@code cacheBytes} (64 MiB). */
  public JsonObject getMedia() {
    return media.copy();
  }

  public ServerOptions setMedia(JsonObject media) {
    java.util.Set<String> known = new dev.parley.core.media.MediaOptions().toJson().fieldNames();
    for (String key : media.fieldNames()) {
      if (!known.contains(key)) {
        throw new IllegalArgumentException("media." + key + " is not a setting; use " + String.join(", ",
            new java.util.TreeSet<>(known)));
      }
      if (!(media.getValue(key) instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
        throw new IllegalArgumentException("media." + key + " must be an integer, got '" + media.getValue(key) + "'");
      }
    }
    try {
      new dev.parley.core.media.MediaOptions(media);
    } catch (IllegalArgumentException | ClassCastException e) {
      throw new IllegalArgumentException("media." + e.getMessage());
    }
    this.media = media.copy();
    return this;
  }

  /**
   * Red packets: {@code expiryMillis} (24 h), {@code sweepIntervalMillis}, {@code fundingTimeoutMillis},
   * {@code payoutRetryMillis}, {@code maxShares}; see {@link dev.parley.core.gifting.RedPacketOptions}.
   */
  public JsonObject getRedPackets() {
    return redPackets.copy();
  }

  public ServerOptions setRedPackets(JsonObject redPackets) {
    java.util.Set<String> known = new dev.parley.core.gifting.RedPacketOptions().toJson().fieldNames();
    for (String key : redPackets.fieldNames()) {
      if (!known.contains(key)) {
        throw new IllegalArgumentException("redPackets." + key + " is not a setting; use " + String.join(", ",
            new java.util.TreeSet<>(known)));
      }
      if (!(redPackets.getValue(key) instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
        throw new IllegalArgumentException("redPackets." + key + " must be an integer, got '"
            + redPackets.getValue(key) + "'");
      }
    }
    try {
      new dev.parley.core.gifting.RedPacketOptions(redPackets);
    } catch (IllegalArgumentException | ClassCastException e) {
      throw new IllegalArgumentException("redPackets." + e.getMessage());
    }
    this.redPackets = redPackets.copy();
    return this;
  }

  public ServerOptions setLive(JsonObject live) {
    for (String key : live.fieldNames()) {
      if (!new dev.parley.core.chat.LiveOptions().toJson().containsKey(key)) {
        throw new IllegalArgumentException("live." + key + " is not a setting; use maxQueuedBytes, maxBufferedEvents, maxInflightSends");
      }
      if (!(live.getValue(key) instanceof Integer)) { // else LiveOptions fails with a ClassCastException
        throw new IllegalArgumentException("live." + key + " must be an integer, got '" + live.getValue(key) + "'");
      }
    }
    try {
      new dev.parley.core.chat.LiveOptions(live);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("live." + e.getMessage());
    }
    this.live = live.copy();
    return this;
  }

  public String getLogFormat() {
    return logFormat;
  }

  public ServerOptions setLogFormat(String logFormat) {
    if (!"text".equals(logFormat) && !"json".equals(logFormat)) {
      throw new IllegalArgumentException("logFormat must be 'text' or 'json', got '" + logFormat + "'");
    }
    this.logFormat = logFormat;
    return this;
  }

  public int getHttpInstances() {
    return httpInstances;
  }

  /** HTTP server instances (event loops serving requests). */
  public ServerOptions setHttpInstances(int httpInstances) {
    if (httpInstances < 1 || httpInstances > 64) {
      throw new IllegalArgumentException("httpInstances must be between 1 and 64, got " + httpInstances);
    }
    this.httpInstances = httpInstances;
    return this;
  }

  private static long integer(String key, Object v) {
    if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
      return n.longValue();
    }
    if (v instanceof String s) {
      try {
        return Long.parseLong(s.trim());
      } catch (NumberFormatException e) {
        // fall through
      }
    }
    throw new IllegalArgumentException(key + " must be an integer, got '" + v + "'");
  }

  private static String string(String key, Object v) {
    if (v instanceof String s) {
      return s;
    }
    if (v instanceof Number || v instanceof Boolean) {
      return v.toString();
    }
    throw new IllegalArgumentException(key + " must be a string, got " + (v == null ? "null" : v.getClass().getSimpleName()));
  }

  private static JsonObject object(String key, Object v) {
    if (v instanceof JsonObject o) {
      return o;
    }
    if (v instanceof java.util.Map<?, ?> m) {
      @SuppressWarnings("unchecked")
      java.util.Map<String, Object> map = (java.util.Map<String, Object>) m;
      return new JsonObject(map);
    }
    throw new IllegalArgumentException(key + " must be an object");
  }
}
