package dev.parley.server;

import dev.parley.core.boot.Platform;
import dev.parley.core.boot.PlatformOptions;
import dev.parley.core.chat.LiveOptions;
import dev.parley.core.common.storage.DatabaseOptions;
import dev.parley.core.common.web.RequestHeads;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The running platform: the core, and HTTP servers (one per event loop) that serve its API and the
 * web clients. {@link #start} is what {@code main} and the end-to-end tests call.
 */
public final class ParleyServer {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ParleyServer.class);

  private final Vertx vertx;
  private final Platform platform;
  private final String deploymentId;
  private final int port;
  private final String publicBaseUrl;
  /** The sample businesses' bots, started after ready (none when {@code sampleBusinesses} is off). */
  private volatile Future<dev.parley.samples.business.SampleBots> sampleBots = Future.succeededFuture();

  private ParleyServer(Vertx vertx, Platform platform, String deploymentId, int port, String publicBaseUrl) {
    this.vertx = vertx;
    this.platform = platform;
    this.deploymentId = deploymentId;
    this.port = port;
    this.publicBaseUrl = publicBaseUrl;
  }

  /** Opens the data directory and database, then starts serving. */
  public static Future<ParleyServer> start(Vertx vertx, ServerOptions options) {
    ServerOptions opts = new ServerOptions(options);
    String refused = clusterRefusal(opts);
    if (refused == null && opts.getCluster().isEnabled() && !vertx.isClustered()) {
      refused = "cluster.enabled needs a clustered Vert.x (dev.parley.core.cluster.ClusterNode.start)";
    }
    if (refused != null) {
      return Future.failedFuture(new IllegalArgumentException(refused));
    }
    return vertx.executeBlocking(() -> {
      Path dir = Path.of(opts.getDataDir()).toAbsolutePath().normalize();
      Files.createDirectories(dir);
      if (!Files.isWritable(dir)) {
        throw new IllegalStateException("dataDir " + dir + " is not writable");
      }
      return dir;
    }, false).compose(dir -> {
      long t0 = System.nanoTime();
      return Platform.start(vertx, platformOptions(opts))
          .onSuccess(
              p -> LOG.info("platform ready phase=database+services ms={}", (System.nanoTime() - t0) / 1_000_000));
    }).compose(platform -> {
      AtomicInteger boundPort = new AtomicInteger();
      DeploymentOptions deployment = new DeploymentOptions().setInstances(opts.getHttpInstances());
      // The samples before serving, so that a first request finds them: on a restart they are
      // stored already (a lookup by digest); a new one is verified in the sandbox first.
      long t0 = System.nanoTime();
      return SampleApps.publish(vertx, platform)
          .onSuccess(x -> LOG.info("platform ready phase=samples ms={}", (System.nanoTime() - t0) / 1_000_000))
          .compose(x -> vertx.deployVerticle(() -> new HttpVerticle(platform, opts, boundPort), deployment))
          .map(id -> new ParleyServer(vertx, platform, id, boundPort.get(),
              opts.effectivePublicBaseUrl(boundPort.get())))
          // Ready: the mini-app runtime starts now rather than competing with the start for the CPU
          // (a call that comes first starts it and waits for it).
          .onSuccess(server -> platform.startRuntime())
          // The sample businesses after ready, in the background: they never delay a start.
          .onSuccess(server -> {
            if (opts.isSampleBusinesses()) {
              server.sampleBots = SampleBusinesses.start(vertx, platform, server.loopbackUrl(opts.getHost()))
                  .onFailure(e -> LOG.warn("the sample businesses did not start: {}", e.getMessage()));
            }
          })
          .recover(failure -> platform.close().transform(x -> Future.failedFuture(failure)));
    });
  }

  /**
   * Why these options cannot start a node of a cluster, or {@code null}: every node must share one
   * PostgreSQL database (the embedded H2 is one process's own).
   */
  static String clusterRefusal(ServerOptions opts) {
    if (!opts.getCluster().isEnabled()) {
      return null;
    }
    String url = opts.getDatabaseUrl().orElse("");
    String lower = url.toLowerCase(java.util.Locale.ROOT);
    if (lower.startsWith("postgresql://") || lower.startsWith("postgres://")
        || lower.startsWith("jdbc:postgresql://")) {
      return null;
    }
    return "cluster mode needs PostgreSQL: every node shares one database. Set databaseUrl (--database-url "
        + "postgresql://user@host:5432/parley, or PARLEY_DATABASE_URL) on every node; "
        + (url.isEmpty() ? "none is set (the embedded H2 database belongs to one process)." : "got an H2 URL.");
  }

  static PlatformOptions platformOptions(ServerOptions opts) {
    PlatformOptions p = new PlatformOptions()
        .setDatabase(new DatabaseOptions(opts.getDatabase()).setUrl(opts.effectiveDatabaseUrl()))
        .setLive(new LiveOptions(opts.getLive()))
        .setMessages(new dev.parley.core.chat.MessageOptions(opts.getMessages()))
        .setBusinessPacing(new dev.parley.core.business.consent.PacingOptions(opts.getBusiness()))
        .setBroker(opts.getBroker())
        .setThrottle(opts.getThrottle())
        .setTrustedProxies(opts.getTrustedProxies())
        .setRedPackets(opts.getRedPackets())
        .setMedia(opts.getMedia())
        .setAttachments(new dev.parley.core.attachments.AttachmentOptions(opts.getAttachments())
            .setDirectory(Path.of(opts.getDataDir()).resolve("attachments").toString()))
        .setLinkPreviews(opts.getLinkPreviews())
        .setSafety(opts.getSafety())
        .setPush(opts.getPush())
        .setWebhooks(opts.getWebhooks())
        .setSmtp(opts.getSmtp())
        .setRuntime(opts.getRuntime())
        .setMaxBodyBytes(opts.getMaxBodyBytes())
        .setUsernameReservation(java.time.Duration.ofDays(opts.getUsernameReservationDays()))
        .setMaxLoadedVersions(opts.getMaxLoadedVersions())
        .setBundles(opts.getBundles())
        .setDevMode(opts.effectiveDevMode());
    opts.getPublicBaseUrl().ifPresent(p::setPublicBaseUrl);
    opts.getMetricsToken().ifPresent(p::setMetricsToken);
    opts.getBootstrapAdmin().ifPresent(p::setBootstrapAdmin);
    return p;
  }

  /** The port the HTTP server is bound to. */
  public int port() {
    return port;
  }

  /** The URL people open. */
  public String publicBaseUrl() {
    return publicBaseUrl;
  }

  public Platform platform() {
    return platform;
  }

  /** The first-admin setup link, while no admin exists. */
  public Optional<String> setupLink() {
    return platform.setupToken().map(t -> publicBaseUrl + "/setup#token=" + t);
  }

  /** Stops serving and closes the database. */
  public Future<Void> close() {
    Future<Void> bots = sampleBots
        .transform(done -> done.succeeded() ? done.result().close() : Future.succeededFuture());
    return bots.otherwiseEmpty().eventually(() -> vertx.undeploy(deploymentId)).eventually(platform::close);
  }

  /** This server as the sample bots call it: from the same machine. */
  private String loopbackUrl(String host) {
    boolean wildcard = host.equals("0.0.0.0") || host.equals("::") || host.equals("localhost");
    String h = wildcard ? "127.0.0.1" : host.contains(":") ? "[" + host + "]" : host;
    return "http://" + h + ":" + port;
  }

  /** The sample businesses' bots once they run (tests wait for them). */
  public Future<dev.parley.samples.business.SampleBots> sampleBots() {
    return sampleBots;
  }

  /** One HTTP server instance; Vert.x shares the port between instances. */
  private static final class HttpVerticle extends VerticleBase {
    private final Platform platform;
    private final ServerOptions options;
    private final AtomicInteger boundPort;
    private HttpServer server;

    HttpVerticle(Platform platform, ServerOptions options, AtomicInteger boundPort) {
      this.platform = platform;
      this.options = options;
      this.boundPort = boundPort;
    }

    @Override
    public Future<?> start() {
      var router = platform.router();
      WebClients.mount(vertx, router, platform);
      HttpServerOptions http = new HttpServerOptions()
          // Port 0 would give every instance a free port of its own. A negative port is one free port
          // shared by the servers naming the same number: this deployment's instances, and no others.
          .setPort(options.getPort() != 0
              ? options.getPort()
              : -1 - Math.floorMod(context.deploymentID().hashCode(), 1_000_000_000))
          .setHost(options.getHost())
          .setCompressionSupported(true)
          // No permessage-deflate on /api/live (the only WebSocket): chat frames are small, and the
          // zlib state of a compressing socket is ~130 KB of native memory even while it is idle.
          .setPerMessageWebSocketCompressionSupported(false)
          .setPerFrameWebSocketCompressionSupported(false)
          .setMaxWebSocketMessageSize(64 * 1024)
          .setMaxWebSocketFrameSize(64 * 1024)
          .setMaxFormAttributeSize(8192);
      server = vertx.createHttpServer(http).requestHandler(RequestHeads.guard(router))
          .invalidRequestHandler(RequestHeads.invalidRequestHandler());
      return server.listen().onSuccess(s -> boundPort.compareAndSet(0, s.actualPort()));
    }

    @Override
    public Future<?> stop() {
      return server == null ? Future.succeededFuture() : server.close();
    }
  }
}
