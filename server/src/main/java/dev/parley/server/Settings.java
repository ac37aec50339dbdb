package dev.parley.server;

import dev.parley.core.accounts.SmtpOptions;
import dev.parley.core.accounts.ThrottleOptions;
import dev.parley.core.apps.broker.BrokerOptions;
import dev.parley.core.apps.media.MediaOptions;
import dev.parley.core.attachments.AttachmentOptions;
import dev.parley.core.business.webhooks.WebhookOptions;
import dev.parley.core.chat.LiveOptions;
import dev.parley.core.common.storage.DatabaseOptions;
import dev.parley.core.links.LinkPreviewOptions;
import dev.parley.core.money.gifting.RedPacketOptions;
import dev.parley.core.push.PushOptions;
import dev.parley.runtime.BundleOptions;
import dev.parley.runtime.CallLimits;
import dev.parley.runtime.RuntimeOptions;
import dev.parley.server.Setting.Type;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Every setting of the server, as data: the one table that binds {@link ServerOptions} from JSON
 * (the file, and the environment and flags merged over it), writes it back, and generates
 * {@code --help} and the README's table. Defaults live in the {@code *Options} classes; so do the
 * checks, whose messages name the setting.
 */
final class Settings {

  /** A refused setting: {@link #path()} says which, so that the loader can say where it came from. */
  static final class InvalidSetting extends IllegalArgumentException {
    private final String path;

    InvalidSetting(String path, String message) {
      super(message);
      this.path = path;
    }

    String path() {
      return path;
    }
  }

  /** In the order of {@code --help} and the README. */
  static final List<Setting> ALL = List.of(
      ofLong("port", "0..65535", "The HTTP port; 0 picks any free port.",
          o -> o, o -> (long) o.getPort(), ServerOptions::setPort),
      ofString("host", "an address or host name", "The address the HTTP server listens on.",
          o -> o, ServerOptions::getHost, ServerOptions::setHost),
      ofString("dataDir", "a writable directory", "Where the embedded database, its search index and other files live.",
          o -> o, ServerOptions::getDataDir, ServerOptions::setDataDir),
      ofString("databaseUrl", "jdbc:h2:…, postgresql://…, postgres://…, jdbc:postgresql://…",
          "The database; the URL alone picks H2 or PostgreSQL.",
          o -> o, o -> o.getDatabaseUrl().orElse(null), ServerOptions::setDatabaseUrl)
          .withDefault("embedded H2 under dataDir"),
      ofString("publicBaseUrl", "an absolute http:// or https:// URL",
          "The URL people open (links, cookies, app origins).",
          o -> o, o -> o.getPublicBaseUrl().orElse(null), ServerOptions::setPublicBaseUrl)
          .withDefault("http://localhost:<port>"),
      ofString("metricsToken", "24 to 200 printable characters, no spaces",
          "The bearer token Prometheus sends to scrape /metrics (Authorization: Bearer …).",
          o -> o, o -> o.getMetricsToken().orElse(null), ServerOptions::setMetricsToken)
          .withDefault("none: /metrics is off"),
      ofLong("maxBodyBytes", "1024..536870912", "The largest request body accepted, in bytes.",
          o -> o, ServerOptions::getMaxBodyBytes, ServerOptions::setMaxBodyBytes),
      ofLong("usernameReservationDays", "0..3650",
          "Days a username given up by a rename stays reserved for its former owner; nobody else can take it meanwhile.",
          o -> o, ServerOptions::getUsernameReservationDays, ServerOptions::setUsernameReservationDays),
      ofLong("maxBundleBytes", "1024..268435456", "The largest mini-app bundle (zip) a developer may upload, in bytes.",
          o -> o, ServerOptions::getMaxBundleBytes, ServerOptions::setMaxBundleBytes),
      ofBoolean("devMode.enabled", "true, false",
          "Whether developers may run unreviewed development versions in their own conversations (parley app dev).",
          o -> o, ServerOptions::getDevModeEnabled, ServerOptions::setDevModeEnabled)
          .withDefault("on with the embedded database, off with a databaseUrl"),
      ofBoolean("sampleBusinesses", "true, false",
          "Whether the four sample businesses (Volta Energy, North Bank, Corner Shop, Skyway Air) and their bots "
              + "run, seeded once with the care-demo account dana.",
          o -> o, ServerOptions::isSampleBusinesses, ServerOptions::setSampleBusinesses),
      ofString("bootstrapAdmin.username", "a user name; needs the password too",
          "The first admin, created at the first start; without it a one-time setup link is printed.",
          o -> o, o -> o.bootstrapAdminField("username"), (o, v) -> o.setBootstrapAdminField("username", v)),
      ofString("bootstrapAdmin.password", "10-200 characters, not a common password, not containing the username",
          "The first admin's password.",
          o -> o, o -> o.bootstrapAdminField("password"), (o, v) -> o.setBootstrapAdminField("password", v)),
      ofString("bootstrapAdmin.displayName", "any text", "The first admin's display name.",
          o -> o, o -> o.bootstrapAdminField("displayName"), (o, v) -> o.setBootstrapAdminField("displayName", v)),
      ofString("logFormat", "text, json", "The log format: text (key=value) or JSON lines.",
          o -> o, ServerOptions::getLogFormat, ServerOptions::setLogFormat),
      ofInt("httpInstances", "1..64", "HTTP server instances (event loops serving requests).",
          o -> o, ServerOptions::getHttpInstances, ServerOptions::setHttpInstances)
          .withDefault("number of cores"),
      ofLong("maxLoadedVersions", "at least 1",
          "App versions whose code stays loaded in the runtime; the least used is unloaded.",
          o -> o, ServerOptions::getMaxLoadedVersions, ServerOptions::setMaxLoadedVersions),

      ofString("trustedProxies", "comma-separated IP addresses and CIDR blocks, e.g. 10.0.0.0/8,::1",
          "Reverse proxies whose Forwarded / X-Forwarded-For headers name the client; others' are ignored.",
          o -> o, ServerOptions::getTrustedProxiesText, ServerOptions::setTrustedProxies)
          .withDefault("none: the socket's address is the client"),

      ofInt("throttle.signInPairFailures", "at least 1",
          "Failed sign-ins of one username from one address before each further try waits.",
          ServerOptions::getThrottle, ThrottleOptions::getSignInPairFailures, ThrottleOptions::setSignInPairFailures),
      ofInt("throttle.signInUsernameFailures", "at least 1",
          "Failed sign-ins of one username from devices without its device cookie before tries wait.",
          ServerOptions::getThrottle, ThrottleOptions::getSignInUsernameFailures,
          ThrottleOptions::setSignInUsernameFailures),
      ofInt("throttle.signInAddressFailures", "at least 1",
          "Failed sign-ins from one address, any usernames, before its tries wait.",
          ServerOptions::getThrottle, ThrottleOptions::getSignInAddressFailures,
          ThrottleOptions::setSignInAddressFailures),
      ofLong("throttle.signInRefillSeconds", "1..86400",
          "Seconds per further sign-in try once a budget is spent (ten times that past three budgets).",
          ServerOptions::getThrottle, ThrottleOptions::getSignInRefillSeconds, ThrottleOptions::setSignInRefillSeconds),
      ofInt("throttle.signUpsPerAddress", "at least 1", "Sign-ups from one address before each further one waits.",
          ServerOptions::getThrottle, ThrottleOptions::getSignUpsPerAddress, ThrottleOptions::setSignUpsPerAddress),
      ofLong("throttle.signUpRefillSeconds", "1..86400",
          "Seconds per further sign-up from an address once its budget is spent.",
          ServerOptions::getThrottle, ThrottleOptions::getSignUpRefillSeconds, ThrottleOptions::setSignUpRefillSeconds),

      ofInt("database.maxPoolSize", "1..200", "Connections kept by the database pool.",
          ServerOptions::getDatabase, DatabaseOptions::getMaxPoolSize, DatabaseOptions::setMaxPoolSize),

      ofInt("live.maxQueuedBytes", "at least 1024",
          "Bytes waiting to be written to one live session before it counts as too slow.",
          ServerOptions::getLive, LiveOptions::getMaxQueuedBytes, LiveOptions::setMaxQueuedBytes),
      ofInt("live.maxBufferedEvents", "at least 1", "Live events held for one session while its backlog is being sent.",
          ServerOptions::getLive, LiveOptions::getMaxBufferedEvents, LiveOptions::setMaxBufferedEvents),
      ofInt("live.maxInflightSends", "at least 1", "WebSocket sends in flight at once per live session.",
          ServerOptions::getLive, LiveOptions::getMaxInflightSends, LiveOptions::setMaxInflightSends),
      ofInt("live.closeTimeoutMillis", "1..600000",
          "Milliseconds a live socket may take to close after its close frame (4001, 4008, 4029) before the "
              + "server cuts the TCP connection.",
          ServerOptions::getLive, LiveOptions::getCloseTimeoutMillis, LiveOptions::setCloseTimeoutMillis),
      ofInt("live.maxConnectionsPerAccount", "0 (no cap) or more",
          "Live WebSockets one account may hold on one node; more are closed with 4029.",
          ServerOptions::getLive, LiveOptions::getMaxConnectionsPerAccount, LiveOptions::setMaxConnectionsPerAccount),
      ofInt("live.maxConnectionsPerAddress", "0 (no cap) or more",
          "Live WebSockets one remote address may hold on one node; more are closed with 4029 (behind a "
              + "reverse proxy every client has the proxy's address: raise it or use 0).",
          ServerOptions::getLive, LiveOptions::getMaxConnectionsPerAddress, LiveOptions::setMaxConnectionsPerAddress),

      ofInt("messages.editHistoryDays", "1..3650",
          "Days the earlier texts of an edited message are kept (a sweep deletes older ones).",
          ServerOptions::getMessages, dev.parley.core.chat.MessageOptions::getEditHistoryDays,
          dev.parley.core.chat.MessageOptions::setEditHistoryDays),
      ofInt("messages.ephemeralHours", "1..720",
          "Hours an ephemeral (\"only visible to you\") message survives a reload before a sweep deletes it.",
          ServerOptions::getMessages, dev.parley.core.chat.MessageOptions::getEphemeralHours,
          dev.parley.core.chat.MessageOptions::setEphemeralHours),

      ofInt("business.marketingPerDay", "0..100",
          "Marketing messages one business may send one customer in 24 hours.",
          ServerOptions::getBusiness, dev.parley.core.business.consent.PacingOptions::marketingPerDay,
          dev.parley.core.business.consent.PacingOptions::setMarketingPerDay),
      ofInt("business.marketingPerWeek", "0..700",
          "Marketing messages one business may send one customer in 7 days.",
          ServerOptions::getBusiness, dev.parley.core.business.consent.PacingOptions::marketingPerWeek,
          dev.parley.core.business.consent.PacingOptions::setMarketingPerWeek),
      ofInt("business.unansweredInARow", "1..1000",
          "Business messages in a row without a reply from the customer; more are refused until they write.",
          ServerOptions::getBusiness, dev.parley.core.business.consent.PacingOptions::unansweredInARow,
          dev.parley.core.business.consent.PacingOptions::setUnansweredInARow),
      ofInt("business.perConversationPerSecond", "1..1000",
          "Business messages a second in one conversation.",
          ServerOptions::getBusiness, dev.parley.core.business.consent.PacingOptions::perConversationPerSecond,
          dev.parley.core.business.consent.PacingOptions::setPerConversationPerSecond),
      ofInt("business.serviceWindowHours", "1..168",
          "Hours after a customer's message (or their opening of the conversation) in which a business may answer freely.",
          ServerOptions::getBusiness, dev.parley.core.business.consent.PacingOptions::serviceWindowHours,
          dev.parley.core.business.consent.PacingOptions::setServiceWindowHours),
      ofInt("business.newCustomersPerDay", "1..1000000",
          "New customers one business may reach a day; doubled under 2% and quadrupled under 1% blocks in a week.",
          ServerOptions::getBusiness, dev.parley.core.business.consent.PacingOptions::newCustomersPerDay,
          dev.parley.core.business.consent.PacingOptions::setNewCustomersPerDay),

      ofInt("broker.userRate", "at least 1", "App calls per second of one user (burst twice that).",
          ServerOptions::getBroker, BrokerOptions::getUserRate, BrokerOptions::setUserRate),
      ofInt("broker.appRate", "at least 1", "Calls per second of one app (burst twice that).",
          ServerOptions::getBroker, BrokerOptions::getAppRate, BrokerOptions::setAppRate),
      ofInt("broker.conversationRate", "at least 1", "App calls per second in one conversation (burst twice that).",
          ServerOptions::getBroker, BrokerOptions::getConversationRate, BrokerOptions::setConversationRate),
      ofLong("broker.answerMillis", "10..60000",
          "Milliseconds a command may take before the user is told the app is slow.",
          ServerOptions::getBroker, b -> b.getAnswerTime().toMillis(), BrokerOptions::setAnswerMillis),
      ofInt("broker.broadcastRate", "at least 1",
          "Page broadcasts per second of one app in one conversation (burst twice that).",
          ServerOptions::getBroker, BrokerOptions::getBroadcastRate, BrokerOptions::setBroadcastRate),
      ofInt("broker.broadcastMaxBytes", "at least 1", "The largest data of a page broadcast, in bytes of JSON.",
          ServerOptions::getBroker, BrokerOptions::getBroadcastMaxBytes, BrokerOptions::setBroadcastMaxBytes),
      ofLong("broker.searchMillis", "10..10000", "Milliseconds a search waits for the apps' answers.",
          ServerOptions::getBroker, b -> b.getSearchTime().toMillis(), BrokerOptions::setSearchMillis),

      ofLong("media.maxUploadBytes", "1..1073741824", "The largest media file a page may upload, in bytes.",
          ServerOptions::getMedia, MediaOptions::getMaxUploadBytes, MediaOptions::setMaxUploadBytes),
      ofLong("media.cacheBytes", "at least 0", "Bytes of media this node keeps in memory for serving.",
          ServerOptions::getMedia, MediaOptions::getCacheBytes, MediaOptions::setCacheBytes),

      ofString("attachments.store", "filesystem, postgres",
          "Where attachments' bytes live: files under dataDir, or PostgreSQL large objects (a cluster).",
          ServerOptions::getAttachments, AttachmentOptions::getStore, AttachmentOptions::setStore),
      ofLong("attachments.maxImageBytes", "at least 1", "The largest image attachment, in bytes.",
          ServerOptions::getAttachments, AttachmentOptions::getMaxImageBytes, AttachmentOptions::setMaxImageBytes),
      ofLong("attachments.maxVideoBytes", "at least 1", "The largest video attachment, in bytes.",
          ServerOptions::getAttachments, AttachmentOptions::getMaxVideoBytes, AttachmentOptions::setMaxVideoBytes),
      ofLong("attachments.maxVoiceBytes", "at least 1", "The largest voice message, in bytes.",
          ServerOptions::getAttachments, AttachmentOptions::getMaxVoiceBytes, AttachmentOptions::setMaxVoiceBytes),
      ofLong("attachments.maxFileBytes", "at least 1", "The largest attachment of any other type, in bytes.",
          ServerOptions::getAttachments, AttachmentOptions::getMaxFileBytes, AttachmentOptions::setMaxFileBytes),
      ofInt("attachments.maxUnfinishedUploads", "1..1000", "Unfinished uploads one person may have at once.",
          ServerOptions::getAttachments, AttachmentOptions::getMaxUnfinishedUploads,
          AttachmentOptions::setMaxUnfinishedUploads),
      ofLong("attachments.quotaBytes", "at least 1",
          "Bytes of attachments one person may store (unfinished uploads count their length).",
          ServerOptions::getAttachments, AttachmentOptions::getQuotaBytes, AttachmentOptions::setQuotaBytes),
      ofLong("attachments.uploadExpiryMillis", "at least 1000",
          "Milliseconds an unfinished upload waits for its next chunk before it is deleted.",
          ServerOptions::getAttachments, AttachmentOptions::getUploadExpiryMillis,
          AttachmentOptions::setUploadExpiryMillis),
      ofLong("attachments.linkSeconds", "1..86400", "Seconds a signed link of an attachment works.",
          ServerOptions::getAttachments, AttachmentOptions::getLinkSeconds, AttachmentOptions::setLinkSeconds),
      ofBoolean("linkPreviews.enabled", "true, false",
          "Whether the server fetches previews (title, description, image) of links in messages.",
          ServerOptions::getLinkPreviews, LinkPreviewOptions::isEnabled, LinkPreviewOptions::setEnabled),
      ofInt("linkPreviews.perMinute", "at least 1", "Link previews one account may ask for a minute.",
          ServerOptions::getLinkPreviews, LinkPreviewOptions::getPerMinute, LinkPreviewOptions::setPerMinute),
      ofLong("linkPreviews.ttlMillis", "at least 1",
          "Milliseconds a link preview is cached before the page is fetched again.",
          ServerOptions::getLinkPreviews, LinkPreviewOptions::getTtlMillis, LinkPreviewOptions::setTtlMillis),

      ofInt("safety.sendsPerWindow", "at least 1",
          "Messages one account may send per window (HTTP and live sends); past it 429 with Retry-After.",
          ServerOptions::getSafety, dev.parley.core.safety.SafetyOptions::getSendsPerWindow,
          dev.parley.core.safety.SafetyOptions::setSendsPerWindow),
      ofInt("safety.sendWindowSeconds", "at least 1", "The window of safety.sendsPerWindow, in seconds.",
          ServerOptions::getSafety, dev.parley.core.safety.SafetyOptions::getSendWindowSeconds,
          dev.parley.core.safety.SafetyOptions::setSendWindowSeconds),

      ofBoolean("push.enabled", "true, false",
          "Whether new messages are sent as Web Push to members without an open tab (needs push.subject).",
          ServerOptions::getPush, PushOptions::isEnabled, PushOptions::setEnabled),
      ofString("push.subject", "mailto:… or https://…",
          "The contact push services see in the VAPID signature of every push.",
          ServerOptions::getPush, p -> p.getSubject().isEmpty() ? null : p.getSubject(), PushOptions::setSubject)
          .withDefault("none: no push"),
      ofInt("push.ttlSeconds", "at least 0", "Seconds a push service keeps a push for a browser that is offline.",
          ServerOptions::getPush, PushOptions::getTtlSeconds, PushOptions::setTtlSeconds),

      ofBoolean("webhooks.allowInsecure", "true, false",
          "Development only: business webhooks may go to http:// URLs and the loopback address (never to other "
              + "private addresses); otherwise https:// on public addresses only.",
          ServerOptions::getWebhooks, WebhookOptions::isAllowInsecure, WebhookOptions::setAllowInsecure),
      ofLong("webhooks.timeoutMillis", "at least 1",
          "Milliseconds a webhook receiver has to answer 2xx before the attempt counts as failed.",
          ServerOptions::getWebhooks, WebhookOptions::getTimeoutMillis, WebhookOptions::setTimeoutMillis),
      ofInt("webhooks.concurrency", "at least 1", "Webhook deliveries one node sends at once.",
          ServerOptions::getWebhooks, WebhookOptions::getConcurrency, WebhookOptions::setConcurrency),

      ofString("smtp.host", "a host name or address; empty: no mail",
          "The SMTP server that sends password-reset mail; while empty, \"forgot password\" sends nothing.",
          ServerOptions::getSmtp, m -> m.getHost().isEmpty() ? null : m.getHost(), SmtpOptions::setHost)
          .withDefault("none: no mail"),
      ofInt("smtp.port", "1..65535", "The SMTP server's port (submission: 587).",
          ServerOptions::getSmtp, SmtpOptions::getPort, SmtpOptions::setPort),
      ofString("smtp.username", "any text; empty: no authentication", "The user name Parley signs in to SMTP with.",
          ServerOptions::getSmtp, m -> m.getUsername().isEmpty() ? null : m.getUsername(), SmtpOptions::setUsername)
          .withDefault("none"),
      ofString("smtp.password", "any text", "The password of smtp.username.",
          ServerOptions::getSmtp, m -> m.getPassword().isEmpty() ? null : m.getPassword(), SmtpOptions::setPassword)
          .withDefault("none"),
      ofString("smtp.from", "an e-mail address", "The sender of password-reset mail.",
          ServerOptions::getSmtp, m -> m.getFrom().isEmpty() ? null : m.getFrom(), SmtpOptions::setFrom)
          .withDefault("parley@ and smtp.host"),
      ofBoolean("smtp.startTls", "true, false",
          "Whether the connection must switch to TLS (STARTTLS) before any mail is sent; false only for a server "
              + "on the same host or network.",
          ServerOptions::getSmtp, SmtpOptions::isStartTls, SmtpOptions::setStartTls),

      ofLong("redPackets.expiryMillis", "1000..2592000000 (1 second to 30 days)",
          "Milliseconds a red packet can be claimed before unclaimed money returns.",
          ServerOptions::getRedPackets, RedPacketOptions::getExpiryMillis, RedPacketOptions::setExpiryMillis),
      ofLong("redPackets.sweepIntervalMillis", "at least 100",
          "How often each node settles expired packets and unpaid claims.",
          ServerOptions::getRedPackets, RedPacketOptions::getSweepIntervalMillis,
          RedPacketOptions::setSweepIntervalMillis),
      ofLong("redPackets.fundingTimeoutMillis", "at least 1000",
          "Milliseconds a packet may wait for its money before it expires.",
          ServerOptions::getRedPackets, RedPacketOptions::getFundingTimeoutMillis,
          RedPacketOptions::setFundingTimeoutMillis),
      ofLong("redPackets.payoutRetryMillis", "at least 0", "How old an unpaid claim must be before the sweep pays it.",
          ServerOptions::getRedPackets, RedPacketOptions::getPayoutRetryMillis, RedPacketOptions::setPayoutRetryMillis),
      ofInt("redPackets.maxShares", "1..10000", "The most shares of one red packet.",
          ServerOptions::getRedPackets, RedPacketOptions::getMaxShares, RedPacketOptions::setMaxShares),

      ofInt("runtime.workerThreads", "at least 1", "Threads that run mini-app code.",
          ServerOptions::getRuntime, RuntimeOptions::getWorkerThreads, RuntimeOptions::setWorkerThreads)
          .withDefault("number of cores, at least 2"),
      ofLong("runtime.workerStackBytes", "at least 1048576", "Stack size of a runtime worker thread, in bytes.",
          ServerOptions::getRuntime, RuntimeOptions::getWorkerStackBytes, RuntimeOptions::setWorkerStackBytes),
      ofInt("runtime.maxContextsPerVersion", "at least 1", "Contexts one app version may have at once.",
          ServerOptions::getRuntime, RuntimeOptions::getMaxContextsPerVersion,
          RuntimeOptions::setMaxContextsPerVersion),
      ofInt("runtime.maxCallsPerContext", "at least 1", "Calls a context serves before it is replaced.",
          ServerOptions::getRuntime, RuntimeOptions::getMaxCallsPerContext, RuntimeOptions::setMaxCallsPerContext),
      ofInt("runtime.maxQueuedCallsPerVersion", "at least 1", "Calls that may wait for a context of one app version.",
          ServerOptions::getRuntime, RuntimeOptions::getMaxQueuedCallsPerVersion,
          RuntimeOptions::setMaxQueuedCallsPerVersion),
      ofLong("runtime.watchdogIntervalMicros", "at least 1",
          "How often running calls are checked against their limits, in µs.",
          ServerOptions::getRuntime, RuntimeOptions::getWatchdogIntervalMicros,
          RuntimeOptions::setWatchdogIntervalMicros),
      ofLong("runtime.killGraceMillis", "at least 1", "Milliseconds an interrupted call is given to stop.",
          ServerOptions::getRuntime, RuntimeOptions::getKillGraceMillis, RuntimeOptions::setKillGraceMillis),
      ofDouble("runtime.heapGuardRatio", "0.1..1",
          "Share of the heap above which the call allocating most is cancelled.",
          ServerOptions::getRuntime, RuntimeOptions::getHeapGuardRatio, RuntimeOptions::setHeapGuardRatio),
      ofLong("runtime.workerSpinMicros", "at least 0", "Microseconds an idle worker spins before it parks.",
          ServerOptions::getRuntime, RuntimeOptions::getWorkerSpinMicros, RuntimeOptions::setWorkerSpinMicros),
      ofBoolean("runtime.warmUp", "true, false", "Whether the engine runs trusted warm-up code at start.",
          ServerOptions::getRuntime, RuntimeOptions::isWarmUp, RuntimeOptions::setWarmUp),
      ofLong("runtime.limits.cpuTimeMillis", "at least 1", "CPU time one call of an app may use, in milliseconds.",
          Settings::limits, CallLimits::getCpuTimeMillis, CallLimits::setCpuTimeMillis),
      ofLong("runtime.limits.wallTimeMillis", "at least 1",
          "Wall time one call may take, host calls included, in milliseconds.",
          Settings::limits, CallLimits::getWallTimeMillis, CallLimits::setWallTimeMillis),
      ofLong("runtime.limits.statementLimit", "at least 1", "Statements one call may execute.",
          Settings::limits, CallLimits::getStatementLimit, CallLimits::setStatementLimit),
      ofLong("runtime.limits.maxAllocatedBytes", "at least 1", "Bytes one call may allocate (its memory budget).",
          Settings::limits, CallLimits::getMaxAllocatedBytes, CallLimits::setMaxAllocatedBytes),
      ofInt("runtime.limits.maxConsoleBytes", "at least 1", "Console output one call may write, in bytes.",
          Settings::limits, CallLimits::getMaxConsoleBytes, CallLimits::setMaxConsoleBytes),
      ofInt("runtime.limits.maxResultBytes", "at least 1", "Size of a call's result as JSON, in characters.",
          Settings::limits, CallLimits::getMaxResultBytes, CallLimits::setMaxResultBytes),
      ofInt("runtime.limits.maxHostCalls", "at least 1", "Host calls one call may make.",
          Settings::limits, CallLimits::getMaxHostCalls, CallLimits::setMaxHostCalls),
      ofInt("runtime.limits.maxHostCallBytes", "at least 1",
          "Size of one host call's arguments as JSON, in characters.",
          Settings::limits, CallLimits::getMaxHostCallBytes, CallLimits::setMaxHostCallBytes),
      ofInt("runtime.limits.maxCallDepth", "100..1000000",
          "Depth of nested JavaScript function calls one call may reach.",
          Settings::limits, CallLimits::getMaxCallDepth, CallLimits::setMaxCallDepth),

      ofBoolean("cluster.enabled", "true, false",
          "Whether this node joins a cluster of Parley nodes (./parley start --cluster); needs a PostgreSQL "
              + "databaseUrl shared by every node.",
          ServerOptions::getCluster, dev.parley.core.cluster.ClusterOptions::isEnabled,
          dev.parley.core.cluster.ClusterOptions::setEnabled),
      ofString("cluster.host", "an IP address of this machine",
          "The address this node binds for the cluster (membership and event bus).",
          ServerOptions::getCluster, dev.parley.core.cluster.ClusterOptions::getHost,
          dev.parley.core.cluster.ClusterOptions::setHost),
      ofLong("cluster.port", "1..65535", "The cluster membership port (Hazelcast) of this node.",
          ServerOptions::getCluster, c -> (long) c.getPort(), dev.parley.core.cluster.ClusterOptions::setPort),
      ofLong("cluster.eventBusPort", "0..65535", "The event bus port of this node; 0 picks a free one.",
          ServerOptions::getCluster, c -> (long) c.getEventBusPort(),
          dev.parley.core.cluster.ClusterOptions::setEventBusPort),
      ofString("cluster.publicHost", "an address or host name",
          "The address other nodes reach this one at, when it is not cluster.host (NAT, containers).",
          ServerOptions::getCluster, c -> c.getPublicHost().orElse(null),
          dev.parley.core.cluster.ClusterOptions::setPublicHost)
          .withDefault("cluster.host"),
      ofString("cluster.members", "comma-separated host:port, e.g. 10.0.0.1:5701,10.0.0.2:5701 (a list in a file)",
          "The nodes to join over TCP/IP (multicast is never used); any one that is up is enough.",
          ServerOptions::getCluster, dev.parley.core.cluster.ClusterOptions::getMembersText,
          dev.parley.core.cluster.ClusterOptions::setMembers)
          .withDefault("none: this node alone"),

      ofLong("bundles.maxEntryBytes", "at least 1", "The largest file of a bundle once inflated, in bytes.",
          ServerOptions::getBundles, BundleOptions::getMaxEntryBytes, BundleOptions::setMaxEntryBytes),
      ofLong("bundles.maxTotalBytes", "at least 1", "The inflated size of all files of a bundle, in bytes.",
          ServerOptions::getBundles, BundleOptions::getMaxTotalBytes, BundleOptions::setMaxTotalBytes),
      ofInt("bundles.maxCompressionRatio", "at least 1", "The largest inflated / compressed ratio of a bundle's file.",
          ServerOptions::getBundles, BundleOptions::getMaxCompressionRatio, BundleOptions::setMaxCompressionRatio),
      ofLong("bundles.ratioThresholdBytes", "at least 1", "Bytes a file inflates to before its ratio is checked.",
          ServerOptions::getBundles, BundleOptions::getRatioThresholdBytes, BundleOptions::setRatioThresholdBytes),
      ofInt("bundles.maxEntries", "at least 1", "The most files and folders in a bundle.",
          ServerOptions::getBundles, BundleOptions::getMaxEntries, BundleOptions::setMaxEntries));

  private static final Map<String, Setting> BY_PATH = new LinkedHashMap<>();
  /** Every section path ({@code ""}, {@code live}, {@code runtime.limits}) with its children's keys in order. */
  private static final Map<String, Set<String>> CHILDREN = new LinkedHashMap<>();

  static {
    for (Setting s : ALL) {
      if (BY_PATH.put(s.path(), s) != null) {
        throw new IllegalStateException("two settings at " + s.path());
      }
      String[] parts = s.path().split("\\.");
      String section = "";
      for (String part : parts) {
        CHILDREN.computeIfAbsent(section, k -> new LinkedHashSet<>()).add(part);
        section = section.isEmpty() ? part : section + "." + part;
      }
    }
  }

  private Settings() {
  }

  private static CallLimits limits(ServerOptions o) {
    return o.getRuntime().getLimits();
  }

  /** Sets every key of {@code json} (nested objects for sections) on {@code options}. */
  static void bind(ServerOptions options, JsonObject json) {
    bind(options, "", json);
  }

  private static void bind(ServerOptions options, String section, JsonObject json) {
    for (String key : json.fieldNames()) {
      String path = section.isEmpty() ? key : section + "." + key;
      Object value = json.getValue(key);
      Setting setting = BY_PATH.get(path);
      if (setting != null) {
        setting.bind(options, value);
      } else if (CHILDREN.containsKey(path)) {
        if (!(value instanceof JsonObject || value instanceof Map<?, ?>)) {
          throw new InvalidSetting(path, path + " must be an object");
        }
        bind(options, path, value instanceof JsonObject o ? o : new JsonObject(castMap((Map<?, ?>) value)));
      } else if (section.isEmpty()) {
        throw new InvalidSetting(path, "unknown setting '" + key + "'; known settings: "
            + String.join(", ", CHILDREN.get("")));
      } else {
        throw new InvalidSetting(path, path + " is not a setting; use " + String.join(", ", CHILDREN.get(section)));
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> castMap(Map<?, ?> m) {
    return (Map<String, Object>) m;
  }

  /** The options as JSON, nested by section; unset settings are left out. */
  static JsonObject toJson(ServerOptions options) {
    JsonObject json = new JsonObject();
    for (Setting s : ALL) {
      Object value = s.get().apply(options);
      if (value == null) {
        continue;
      }
      String[] parts = s.path().split("\\.");
      JsonObject node = json;
      for (int i = 0; i < parts.length - 1; i++) {
        JsonObject child = node.getJsonObject(parts[i]);
        if (child == null) {
          child = new JsonObject();
          node.put(parts[i], child);
        }
        node = child;
      }
      node.put(parts[parts.length - 1], value);
    }
    return json;
  }

  /** The settings part of {@code --help}: flag, environment variable, description, default and range of each. */
  static String help() {
    StringBuilder out = new StringBuilder();
    helpEntry(out, "--config FILE", "PARLEY_CONFIG",
        "A JSON or YAML file of settings (keys as in --help, nested objects "
            + "for sections).",
        "none", "a readable file");
    for (Setting s : ALL) {
      helpEntry(out, s.flag() + " " + s.type().placeholder(), s.env(), s.description(), s.defaultValue(), s.allowed());
    }
    return out.toString();
  }

  private static void helpEntry(StringBuilder out, String flag, String env, String description, String dflt,
      String allowed) {
    out.append("  ").append(flag).append(" ".repeat(Math.max(1, 46 - flag.length()))).append(env).append('\n')
        .append("      ").append(description).append('\n')
        .append("      default: ").append(dflt).append("; allowed: ").append(allowed).append('\n');
  }

  /** The README's table of settings, one row per setting, as the build checks it. */
  static String markdownTable() {
    List<String> rows = new ArrayList<>();
    rows.add("| setting | flag | environment | default | allowed | what it does |");
    rows.add("| --- | --- | --- | --- | --- | --- |");
    for (Setting s : ALL) {
      rows.add("| `" + s.path() + "` | `" + s.flag() + "` | `" + s.env() + "` | `" + cell(s.defaultValue()) + "` | "
          + cell(s.allowed()) + " | " + cell(s.description()) + " |");
    }
    rows.add("| a file of settings | `--config FILE` | `PARLEY_CONFIG` | `none` | a JSON or YAML file | "
        + "Settings as nested objects, e.g. `live: {maxQueuedBytes: 1048576}`. |");
    return String.join("\n", rows) + "\n";
  }

  private static String cell(String text) {
    return text.replace("|", "\\|");
  }

  private static <S> Setting ofInt(String path, String allowed, String description, Function<ServerOptions, S> section,
      Function<S, Integer> get, BiConsumer<S, Integer> set) {
    return row(path, Type.INT, allowed, description, section, get, set);
  }

  private static <S> Setting ofLong(String path, String allowed, String description, Function<ServerOptions, S> section,
      Function<S, Long> get, BiConsumer<S, Long> set) {
    return row(path, Type.LONG, allowed, description, section, get, set);
  }

  private static <S> Setting ofDouble(String path, String allowed, String description,
      Function<ServerOptions, S> section,
      Function<S, Double> get, BiConsumer<S, Double> set) {
    return row(path, Type.DOUBLE, allowed, description, section, get, set);
  }

  private static <S> Setting ofBoolean(String path, String allowed, String description,
      Function<ServerOptions, S> section,
      Function<S, Boolean> get, BiConsumer<S, Boolean> set) {
    return row(path, Type.BOOLEAN, allowed, description, section, get, set);
  }

  private static <S> Setting ofString(String path, String allowed, String description,
      Function<ServerOptions, S> section,
      Function<S, String> get, BiConsumer<S, String> set) {
    return row(path, Type.STRING, allowed, description, section, get, set);
  }

  @SuppressWarnings("unchecked")
  private static <S, T> Setting row(String path, Type type, String allowed, String description,
      Function<ServerOptions, S> section, Function<S, T> get, BiConsumer<S, T> set) {
    return new Setting(path, type, allowed, description, null, o -> get.apply(section.apply(o)),
        (o, v) -> set.accept(section.apply(o), (T) v));
  }
}
