package dev.parley.core.boot;

import dev.parley.core.chat.LiveOptions;
import dev.parley.core.common.storage.DatabaseOptions;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** What the platform core needs from the server's configuration. */
public final class PlatformOptions {

  private boolean devMode;

  /** Largest request body accepted, in bytes. */
  public static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

  private DatabaseOptions database = new DatabaseOptions();
  private LiveOptions live = new LiveOptions();
  private dev.parley.core.chat.MessageOptions messages = new dev.parley.core.chat.MessageOptions();
  private dev.parley.core.business.consent.PacingOptions businessPacing = new dev.parley.core.business.consent.PacingOptions();
  private String publicBaseUrl;
  private String searchIndexDir;
  private String metricsToken;
  private long maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
  private JsonObject bootstrapAdmin;
  private dev.parley.runtime.BundleOptions bundles = new dev.parley.runtime.BundleOptions();
  private long maxLoadedVersions = DEFAULT_MAX_LOADED_VERSIONS;
  private dev.parley.core.apps.broker.BrokerOptions broker = new dev.parley.core.apps.broker.BrokerOptions();
  private dev.parley.core.money.gifting.RedPacketOptions redPackets = new dev.parley.core.money.gifting.RedPacketOptions();
  private dev.parley.core.apps.media.MediaOptions media = new dev.parley.core.apps.media.MediaOptions();
  private dev.parley.core.attachments.AttachmentOptions attachments = new dev.parley.core.attachments.AttachmentOptions();
  private dev.parley.runtime.RuntimeOptions runtime = new dev.parley.runtime.RuntimeOptions();
  private int passwordMemoryKib = dev.parley.core.accounts.PasswordHasher.DEFAULT_MEMORY_KIB;
  private int passwordIterations = dev.parley.core.accounts.PasswordHasher.DEFAULT_ITERATIONS;
  private dev.parley.core.accounts.ThrottleOptions throttle = new dev.parley.core.accounts.ThrottleOptions();
  private List<String> trustedProxies = List.of();
  private dev.parley.core.links.LinkPreviewOptions linkPreviews = new dev.parley.core.links.LinkPreviewOptions();
  private dev.parley.core.safety.SafetyOptions safety = new dev.parley.core.safety.SafetyOptions();
  private dev.parley.core.business.webhooks.WebhookOptions webhooks = new dev.parley.core.business.webhooks.WebhookOptions();
  private dev.parley.core.push.PushOptions push = new dev.parley.core.push.PushOptions();
  private dev.parley.core.accounts.SmtpOptions smtp = new dev.parley.core.accounts.SmtpOptions();

  /** App versions whose code stays loaded in the runtime at once; the least used is unloaded. */
  public static final long DEFAULT_MAX_LOADED_VERSIONS = 500;

  public PlatformOptions() {
  }

  private boolean clustered;

  /**
   * True when this node is one of a cluster (a clustered Vert.x is one too, whatever this says):
   * PostgreSQL is then required, attachments are kept in it, and rate limits are shared through it
   * (docs/DESIGN.md, "Cluster: shared state").
   */
  public boolean isClustered() {
    return clustered;
  }

  public PlatformOptions setClustered(boolean clustered) {
    this.clustered = clustered;
    return this;
  }

  /** Link previews: caps on the fetch, cache times, previews per account a minute. */
  /** Safety: the send rate limit per account. */
  public dev.parley.core.safety.SafetyOptions getSafety() {
    return new dev.parley.core.safety.SafetyOptions(safety);
  }

  public PlatformOptions setSafety(dev.parley.core.safety.SafetyOptions safety) {
    this.safety = new dev.parley.core.safety.SafetyOptions(Objects.requireNonNull(safety, "safety"));
    return this;
  }

  public dev.parley.core.links.LinkPreviewOptions getLinkPreviews() {
    return new dev.parley.core.links.LinkPreviewOptions(linkPreviews);
  }

  public PlatformOptions setLinkPreviews(dev.parley.core.links.LinkPreviewOptions linkPreviews) {
    this.linkPreviews = new dev.parley.core.links.LinkPreviewOptions(Objects.requireNonNull(linkPreviews,
        "linkPreviews"));
    return this;
  }

  /** Business webhooks: insecure (http, loopback) receivers for development, timeouts, concurrency. */
  public dev.parley.core.business.webhooks.WebhookOptions getWebhooks() {
    return new dev.parley.core.business.webhooks.WebhookOptions(webhooks);
  }

  public PlatformOptions setWebhooks(dev.parley.core.business.webhooks.WebhookOptions webhooks) {
    this.webhooks = new dev.parley.core.business.webhooks.WebhookOptions(Objects.requireNonNull(webhooks,
        "webhooks"));
    return this;
  }

  /** The SMTP server of password-reset mail (issue 17); off while its host is empty. */
  public dev.parley.core.accounts.SmtpOptions getSmtp() {
    return new dev.parley.core.accounts.SmtpOptions(smtp);
  }

  public PlatformOptions setSmtp(dev.parley.core.accounts.SmtpOptions smtp) {
    this.smtp = new dev.parley.core.accounts.SmtpOptions(Objects.requireNonNull(smtp, "smtp"));
    return this;
  }

  /** Web Push: off unless enabled with a subject. */
  public dev.parley.core.push.PushOptions getPush() {
    return new dev.parley.core.push.PushOptions(push);
  }

  public PlatformOptions setPush(dev.parley.core.push.PushOptions push) {
    this.push = new dev.parley.core.push.PushOptions(Objects.requireNonNull(push, "push"));
    return this;
  }

  /** How sign-ins and sign-ups are slowed down. */
  public dev.parley.core.accounts.ThrottleOptions getThrottle() {
    return new dev.parley.core.accounts.ThrottleOptions(throttle);
  }

  public PlatformOptions setThrottle(dev.parley.core.accounts.ThrottleOptions throttle) {
    this.throttle = new dev.parley.core.accounts.ThrottleOptions(Objects.requireNonNull(throttle, "throttle"));
    return this;
  }

  /** Reverse proxies (IP addresses, CIDR blocks) whose forwarding headers name the client; none by default. */
  public List<String> getTrustedProxies() {
    return trustedProxies;
  }

  public PlatformOptions setTrustedProxies(List<String> trustedProxies) {
    for (String entry : trustedProxies) {
      if (!dev.parley.core.accounts.ClientAddresses.isAddressOrBlock(entry)) {
        throw new IllegalArgumentException("trustedProxies: '" + entry + "' is neither an IP address nor a CIDR block");
      }
    }
    this.trustedProxies = List.copyOf(trustedProxies);
    return this;
  }

  /** The bearer token {@code /metrics} needs; without one, {@code /metrics} is not served. */
  public Optional<String> getMetricsToken() {
    return Optional.ofNullable(metricsToken);
  }

  public PlatformOptions setMetricsToken(String metricsToken) {
    this.metricsToken = Objects.requireNonNull(metricsToken, "metricsToken");
    return this;
  }

  /** Whether developers may install unreviewed development versions ({@code parley app dev}). */
  public boolean isDevMode() {
    return devMode;
  }

  public PlatformOptions setDevMode(boolean devMode) {
    this.devMode = devMode;
    return this;
  }

  /** Caps on uploaded bundles (archive size, entries, compression ratio). */
  public dev.parley.runtime.BundleOptions getBundles() {
    return new dev.parley.runtime.BundleOptions(bundles);
  }

  public PlatformOptions setBundles(dev.parley.runtime.BundleOptions bundles) {
    this.bundles = new dev.parley.runtime.BundleOptions(Objects.requireNonNull(bundles, "bundles"));
    return this;
  }

  /** The broker's rate limits and answer time. */
  public dev.parley.core.apps.broker.BrokerOptions getBroker() {
    return new dev.parley.core.apps.broker.BrokerOptions(broker);
  }

  public PlatformOptions setBroker(dev.parley.core.apps.broker.BrokerOptions broker) {
    this.broker = new dev.parley.core.apps.broker.BrokerOptions(Objects.requireNonNull(broker, "broker"));
    return this;
  }

  /** Red packets: expiry (24 h), sweep interval, funding time-out, payout retry, most shares. */
  public dev.parley.core.money.gifting.RedPacketOptions getRedPackets() {
    return new dev.parley.core.money.gifting.RedPacketOptions(redPackets);
  }

  public PlatformOptions setRedPackets(dev.parley.core.money.gifting.RedPacketOptions redPackets) {
    this.redPackets = new dev.parley.core.money.gifting.RedPacketOptions(
        Objects.requireNonNull(redPackets, "redPackets"));
    return this;
  }

  /** Media uploads of apps' pages: the largest file (20 MiB) and the bytes cached for serving. */
  /** Attachments of messages: store, caps, quota, the directory of their files. */
  public dev.parley.core.attachments.AttachmentOptions getAttachments() {
    return new dev.parley.core.attachments.AttachmentOptions(attachments);
  }

  public PlatformOptions setAttachments(dev.parley.core.attachments.AttachmentOptions attachments) {
    this.attachments = new dev.parley.core.attachments.AttachmentOptions(
        Objects.requireNonNull(attachments, "attachments"));
    return this;
  }

  public dev.parley.core.apps.media.MediaOptions getMedia() {
    return new dev.parley.core.apps.media.MediaOptions(media);
  }

  public PlatformOptions setMedia(dev.parley.core.apps.media.MediaOptions media) {
    this.media = new dev.parley.core.apps.media.MediaOptions(Objects.requireNonNull(media, "media"));
    return this;
  }

  /** The mini-app runtime: its workers and pools, and the limits of every call. */
  public dev.parley.runtime.RuntimeOptions getRuntime() {
    return new dev.parley.runtime.RuntimeOptions(runtime);
  }

  public PlatformOptions setRuntime(dev.parley.runtime.RuntimeOptions runtime) {
    this.runtime = new dev.parley.runtime.RuntimeOptions(Objects.requireNonNull(runtime, "runtime"));
    return this;
  }

  public long getMaxLoadedVersions() {
    return maxLoadedVersions;
  }

  public PlatformOptions setMaxLoadedVersions(long maxLoadedVersions) {
    if (maxLoadedVersions < 1) {
      throw new IllegalArgumentException("maxLoadedVersions must be at least 1");
    }
    this.maxLoadedVersions = maxLoadedVersions;
    return this;
  }

  /**
   * Where the Lucene message index lives on the embedded database; by default beside the H2 file
   * ({@code <file>.search}), in memory for an in-memory database. Unused on PostgreSQL.
   */
  public Optional<String> getSearchIndexDir() {
    return Optional.ofNullable(searchIndexDir);
  }

  public PlatformOptions setSearchIndexDir(String searchIndexDir) {
    this.searchIndexDir = Objects.requireNonNull(searchIndexDir, "searchIndexDir");
    return this;
  }

  public DatabaseOptions getDatabase() {
    return database;
  }

  public PlatformOptions setDatabase(DatabaseOptions database) {
    this.database = Objects.requireNonNull(database, "database");
    return this;
  }

  /** Message actions: how long edit history is kept. */
  public dev.parley.core.chat.MessageOptions getMessages() {
    return messages;
  }

  public PlatformOptions setMessages(dev.parley.core.chat.MessageOptions messages) {
    this.messages = Objects.requireNonNull(messages, "messages");
    return this;
  }

  /** Consent and pacing of business messages: the caps and the service window. */
  public dev.parley.core.business.consent.PacingOptions getBusinessPacing() {
    return businessPacing;
  }

  public PlatformOptions setBusinessPacing(dev.parley.core.business.consent.PacingOptions businessPacing) {
    this.businessPacing = Objects.requireNonNull(businessPacing, "businessPacing");
    return this;
  }

  public LiveOptions getLive() {
    return live;
  }

  public PlatformOptions setLive(LiveOptions live) {
    this.live = Objects.requireNonNull(live, "live");
    return this;
  }

  public Optional<String> getPublicBaseUrl() {
    return Optional.ofNullable(publicBaseUrl);
  }

  public PlatformOptions setPublicBaseUrl(String publicBaseUrl) {
    this.publicBaseUrl = Objects.requireNonNull(publicBaseUrl, "publicBaseUrl");
    return this;
  }

  public long getMaxBodyBytes() {
    return maxBodyBytes;
  }

  public PlatformOptions setMaxBodyBytes(long maxBodyBytes) {
    if (maxBodyBytes < 1024) {
      throw new IllegalArgumentException("maxBodyBytes must be at least 1024");
    }
    this.maxBodyBytes = maxBodyBytes;
    return this;
  }

  private java.time.Duration usernameReservation = dev.parley.core.profiles.Profiles.DEFAULT_USERNAME_RESERVATION;

  /** How long a username given up by a rename stays reserved for its former owner (nobody else may take it). */
  public java.time.Duration getUsernameReservation() {
    return usernameReservation;
  }

  public PlatformOptions setUsernameReservation(java.time.Duration usernameReservation) {
    if (usernameReservation.isNegative()) {
      throw new IllegalArgumentException("usernameReservation must not be negative");
    }
    this.usernameReservation = usernameReservation;
    return this;
  }

  /** The first admin's {@code username}, {@code displayName} and {@code password}, if configured. */
  public Optional<JsonObject> getBootstrapAdmin() {
    return Optional.ofNullable(bootstrapAdmin).map(JsonObject::copy);
  }

  public PlatformOptions setBootstrapAdmin(JsonObject bootstrapAdmin) {
    this.bootstrapAdmin = Objects.requireNonNull(bootstrapAdmin, "bootstrapAdmin").copy();
    return this;
  }

  public int getPasswordMemoryKib() {
    return passwordMemoryKib;
  }

  public int getPasswordIterations() {
    return passwordIterations;
  }

  /** Argon2id cost; lower it only in tests. */
  public PlatformOptions setPasswordCost(int memoryKib, int iterations) {
    this.passwordMemoryKib = memoryKib;
    this.passwordIterations = iterations;
    return this;
  }
}
