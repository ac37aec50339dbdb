package dev.parley.server;

import dev.parley.core.accounts.ClientAddresses;
import dev.parley.core.accounts.ThrottleOptions;
import dev.parley.core.apps.broker.BrokerOptions;
import dev.parley.core.apps.media.MediaOptions;
import dev.parley.core.boot.PlatformOptions;
import dev.parley.core.chat.LiveOptions;
import dev.parley.core.common.storage.DatabaseOptions;
import dev.parley.core.money.gifting.RedPacketOptions;
import dev.parley.runtime.BundleOptions;
import dev.parley.runtime.RuntimeOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Every setting of the server, with its default: the server's own, and one section of typed options
 * per part ({@code live}, {@code broker}, {@code media}, {@code redPackets}, {@code database},
 * {@code runtime}, {@code bundles}), each handed to its component as it is. Read by {@link ConfigLoader}
 * from (in rising priority) these defaults, an optional JSON or YAML file, {@code PARLEY_*} environment
 * variables and command-line flags, through the table of {@link Settings}. Setters validate and name the
 * setting in their message.
 */
public final class ServerOptions {

  public static final int DEFAULT_PORT = 8080;
  public static final String DEFAULT_HOST = "0.0.0.0";
  public static final String DEFAULT_DATA_DIR = "parley-data";
  public static final String DEFAULT_LOG_FORMAT = "text";

  private int port = DEFAULT_PORT;
  private String host = DEFAULT_HOST;
  private String dataDir = DEFAULT_DATA_DIR;
  private String databaseUrl;
  private String publicBaseUrl;
  private String metricsToken;
  private Boolean devModeEnabled;
  private long maxBodyBytes = PlatformOptions.DEFAULT_MAX_BODY_BYTES;
  private long maxLoadedVersions = PlatformOptions.DEFAULT_MAX_LOADED_VERSIONS;
  private boolean sampleBusinesses = true;
  private JsonObject bootstrapAdmin;
  private String logFormat = DEFAULT_LOG_FORMAT;
  private int httpInstances = Math.max(1, Runtime.getRuntime().availableProcessors());
  private final DatabaseOptions database = new DatabaseOptions();
  private final LiveOptions live = new LiveOptions();
  private final dev.parley.core.chat.MessageOptions messages = new dev.parley.core.chat.MessageOptions();
  private final dev.parley.core.business.consent.PacingOptions business = new dev.parley.core.business.consent.PacingOptions();
  private final BrokerOptions broker = new BrokerOptions();
  private final ThrottleOptions throttle = new ThrottleOptions();
  private List<String> trustedProxies = List.of();
  private final MediaOptions media = new MediaOptions();
  private final dev.parley.core.attachments.AttachmentOptions attachments = new dev.parley.core.attachments.AttachmentOptions();
  private final dev.parley.core.links.LinkPreviewOptions linkPreviews = new dev.parley.core.links.LinkPreviewOptions();
  private final dev.parley.core.push.PushOptions push = new dev.parley.core.push.PushOptions();
  private final dev.parley.core.safety.SafetyOptions safety = new dev.parley.core.safety.SafetyOptions();
  private final dev.parley.core.business.webhooks.WebhookOptions webhooks = new dev.parley.core.business.webhooks.WebhookOptions();
  private final dev.parley.core.accounts.SmtpOptions smtp = new dev.parley.core.accounts.SmtpOptions();
  private final RedPacketOptions redPackets = new RedPacketOptions();
  private final RuntimeOptions runtime = new RuntimeOptions();
  private final BundleOptions bundles = new BundleOptions();
  private final dev.parley.core.cluster.ClusterOptions cluster = new dev.parley.core.cluster.ClusterOptions();

  public ServerOptions() {
  }

  public ServerOptions(ServerOptions other) {
    this(other.toJson());
    if (!other.attachments.isStoreChosen()) {
      attachments.unchooseStore(); // the JSON names the default store; a cluster picks postgres for an unset one
    }
    // Test-only options that no setting (hence no JSON) reaches.
    linkPreviews.setAddressPolicy(other.linkPreviews.getAddressPolicy());
    push.setAddressPolicy(other.push.getAddressPolicy()).setPlainHttpEndpoints(other.push.isPlainHttpEndpoints());
  }

  /** Reads the JSON form; unknown keys and wrong types fail with {@link IllegalArgumentException}. */
  public ServerOptions(JsonObject json) {
    Settings.bind(this, json);
    if (bootstrapAdmin != null
        && (!bootstrapAdmin.containsKey("username") || !bootstrapAdmin.containsKey("password"))) {
      throw new Settings.InvalidSetting("bootstrapAdmin", "bootstrapAdmin needs both username and password");
    }
  }

  /** The JSON form, nested by section, as {@link #ServerOptions(JsonObject)} reads it. */
  public JsonObject toJson() {
    return Settings.toJson(this);
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
    String lower = Objects.requireNonNull(databaseUrl, "databaseUrl").toLowerCase(Locale.ROOT);
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

  /** The bearer token Prometheus sends to scrape {@code /metrics}; without one, {@code /metrics} is off. */
  public Optional<String> getMetricsToken() {
    return Optional.ofNullable(metricsToken);
  }

  /** Whether dev mode is on as configured: null when not set (then {@link #effectiveDevMode()} decides). */
  public Boolean getDevModeEnabled() {
    return devModeEnabled;
  }

  public ServerOptions setDevModeEnabled(Boolean devModeEnabled) {
    this.devModeEnabled = devModeEnabled;
    return this;
  }

  /**
   * Dev mode ({@code parley app dev}): as set, else on with the embedded database (a developer's own
   * server, the default start) and off with a configured {@code databaseUrl} (production).
   */
  public boolean effectiveDevMode() {
    return devModeEnabled != null ? devModeEnabled : getDatabaseUrl().isEmpty();
  }

  public ServerOptions setMetricsToken(String metricsToken) {
    Objects.requireNonNull(metricsToken, "metricsToken");
    if (!metricsToken.matches("[\\x21-\\x7e]{24,200}")) {
      throw new IllegalArgumentException(
          "metricsToken must be 24 to 200 printable ASCII characters without spaces (a random secret)");
    }
    this.metricsToken = metricsToken;
    return this;
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
      throw new IllegalArgumentException(
          "publicBaseUrl must be an absolute http:// or https:// URL, got '" + publicBaseUrl + "'");
    }
    String s = publicBaseUrl;
    this.publicBaseUrl = s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    return this;
  }

  /** The largest mini-app bundle (zip) a developer may upload: {@code bundles}' archive cap. */
  public long getMaxBundleBytes() {
    return bundles.getMaxArchiveBytes();
  }

  public ServerOptions setMaxBundleBytes(long maxBundleBytes) {
    if (maxBundleBytes < 1024 || maxBundleBytes > 256L * 1024 * 1024) {
      throw new IllegalArgumentException("maxBundleBytes must be between 1024 and 268435456, got " + maxBundleBytes);
    }
    bundles.setMaxArchiveBytes(maxBundleBytes);
    return this;
  }

  public long getMaxBodyBytes() {
    return maxBodyBytes;
  }

  private long usernameReservationDays = dev.parley.core.profiles.Profiles.DEFAULT_USERNAME_RESERVATION.toDays();

  /** Days a username given up by a rename stays reserved for its former owner. */
  public long getUsernameReservationDays() {
    return usernameReservationDays;
  }

  public ServerOptions setUsernameReservationDays(long days) {
    if (days < 0 || days > 3650) {
      throw new IllegalArgumentException("usernameReservationDays must be between 0 and 3650, got " + days);
    }
    this.usernameReservationDays = days;
    return this;
  }

  public ServerOptions setMaxBodyBytes(long maxBodyBytes) {
    if (maxBodyBytes < 1024 || maxBodyBytes > 512L * 1024 * 1024) {
      throw new IllegalArgumentException("maxBodyBytes must be between 1024 and 536870912, got " + maxBodyBytes);
    }
    this.maxBodyBytes = maxBodyBytes;
    return this;
  }

  /** App versions whose code stays loaded in the runtime at once. */
  /** Whether the four seed businesses (energy, bank, shop, airline) and their bots start with the server. */
  public boolean isSampleBusinesses() {
    return sampleBusinesses;
  }

  public ServerOptions setSampleBusinesses(boolean sampleBusinesses) {
    this.sampleBusinesses = sampleBusinesses;
    return this;
  }

  public long getMaxLoadedVersions() {
    return maxLoadedVersions;
  }

  public ServerOptions setMaxLoadedVersions(long maxLoadedVersions) {
    if (maxLoadedVersions < 1) {
      throw new IllegalArgumentException("maxLoadedVersions must be at least 1, got " + maxLoadedVersions);
    }
    this.maxLoadedVersions = maxLoadedVersions;
    return this;
  }

  public Optional<JsonObject> getBootstrapAdmin() {
    return Optional.ofNullable(bootstrapAdmin).map(JsonObject::copy);
  }

  /** The first admin, created at first start: {@code username}, {@code password}, optional {@code displayName}. */
  public ServerOptions setBootstrapAdmin(JsonObject admin) {
    for (String key : admin.fieldNames()) {
      if (!(key.equals("username") || key.equals("password") || key.equals("displayName"))) {
        throw new IllegalArgumentException(
            "bootstrapAdmin." + key + " is not a setting; use username, password, displayName");
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

  String bootstrapAdminField(String key) {
    return bootstrapAdmin == null ? null : bootstrapAdmin.getString(key);
  }

  /** One field of the first admin; {@link #ServerOptions(JsonObject)} checks that both name and password came. */
  void setBootstrapAdminField(String key, String value) {
    if (key.equals("password") && value.length() < 10) {
      throw new IllegalArgumentException("password must be at least 10 characters"); // prefixed with its section
    }
    if (bootstrapAdmin == null) {
      bootstrapAdmin = new JsonObject();
    }
    bootstrapAdmin.put(key, value);
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

  /** The database pool ({@code maxPoolSize}); its URL is {@link #effectiveDatabaseUrl()}. */
  public DatabaseOptions getDatabase() {
    return database;
  }

  /** Message actions: how long edit history is kept. */
  public dev.parley.core.chat.MessageOptions getMessages() {
    return messages;
  }

  /** Consent and pacing of business messages: caps and the service window. */
  public dev.parley.core.business.consent.PacingOptions getBusiness() {
    return business;
  }

  /** Live sessions: how far a slow reader may fall behind. */
  public LiveOptions getLive() {
    return live;
  }

  /** The broker's rates, answer time, broadcasts and search deadline. */
  public BrokerOptions getBroker() {
    return broker;
  }

  /** How sign-ins and sign-ups are slowed down. */
  public ThrottleOptions getThrottle() {
    return throttle;
  }

  /** Reverse proxies whose {@code Forwarded} / {@code X-Forwarded-For} headers are believed. */
  public List<String> getTrustedProxies() {
    return trustedProxies;
  }

  /** Comma-separated IP addresses and CIDR blocks, or null / blank for none. */
  public @Nullable String getTrustedProxiesText() {
    return trustedProxies.isEmpty() ? null : String.join(",", trustedProxies);
  }

  public ServerOptions setTrustedProxies(String commaSeparated) {
    List<String> entries = commaSeparated == null || commaSeparated.isBlank()
        ? List.of()
        : java.util.Arrays.stream(commaSeparated.split(",")).map(String::strip).toList();
    for (String entry : entries) {
      if (!ClientAddresses.isAddressOrBlock(entry)) {
        throw new IllegalArgumentException("trustedProxies: '" + entry + "' is neither an IP address nor a CIDR block");
      }
    }
    this.trustedProxies = entries;
    return this;
  }

  /** Attachments of messages: store, caps per kind, unfinished uploads, quota, expiry, signed links. */
  public dev.parley.core.attachments.AttachmentOptions getAttachments() {
    return attachments;
  }

  /** Media uploads of apps' pages: the largest file and the bytes cached. */
  public MediaOptions getMedia() {
    return media;
  }

  /** Link previews: on or off, previews per account a minute, how long one is cached. */
  public dev.parley.core.links.LinkPreviewOptions getLinkPreviews() {
    return linkPreviews;
  }

  /** Safety: the send rate limit per account. */
  public dev.parley.core.safety.SafetyOptions getSafety() {
    return safety;
  }

  /** Business webhooks: insecure receivers for development, the receivers' timeout, concurrency. */
  public dev.parley.core.business.webhooks.WebhookOptions getWebhooks() {
    return webhooks;
  }

  /** The SMTP server of password-reset mail (issue 17); off while its host is empty. */
  public dev.parley.core.accounts.SmtpOptions getSmtp() {
    return smtp;
  }

  /** Web Push: on or off, and the VAPID subject. */
  public dev.parley.core.push.PushOptions getPush() {
    return push;
  }

  /** Red packets: expiry, sweep, funding time-out, payout retry, most shares. */
  public RedPacketOptions getRedPackets() {
    return redPackets;
  }

  /** The mini-app runtime: its workers and pools, and every call's limits ({@code runtime.limits}). */
  public RuntimeOptions getRuntime() {
    return runtime;
  }

  /** Caps on uploaded bundles; the archive cap is {@link #getMaxBundleBytes()}. */
  public BundleOptions getBundles() {
    return bundles;
  }

  /** Clustering (issue 23): whether this node joins a cluster, its addresses and the members list. */
  public dev.parley.core.cluster.ClusterOptions getCluster() {
    return cluster;
  }
}
