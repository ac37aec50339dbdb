package dev.parley.core;

import com.github.benmanes.caffeine.cache.Cache;
import dev.parley.core.accounts.AccountService;
import dev.parley.core.accounts.AccountsApi;
import dev.parley.core.accounts.PasswordHasher;
import dev.parley.core.chat.ChatApi;
import dev.parley.core.chat.ChatService;
import dev.parley.core.chat.LiveHub;
import dev.parley.core.storage.Database;
import dev.parley.core.web.Authn;
import dev.parley.core.web.Problems;
import dev.parley.runtime.MiniAppRuntime;
import dev.parley.runtime.RuntimeInfo;
import dev.parley.runtime.spi.HostInterface;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.micrometer.backends.BackendRegistries;
import java.time.Clock;
import java.util.Optional;

/**
 * The platform core, assembled: the database, the services, and the HTTP API with its health and
 * metrics endpoints. The server mounts {@link #router()} and adds the web clients.
 */
public final class Platform {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Platform.class);

  private final Vertx vertx;
  private final PlatformOptions options;
  private final Database db;
  private final AccountService accounts;
  private final ChatService chat;
  private final LiveHub hub;
  private final Authn authn;
  private Optional<String> setupToken = Optional.empty();
  private final java.util.concurrent.atomic.AtomicReference<MiniAppRuntime> runtime = new java.util.concurrent.atomic.AtomicReference<>();
  private volatile boolean closed;

  private Platform(Vertx vertx, PlatformOptions options, Database db, Clock clock, IdGenerator ids) {
    this.vertx = vertx;
    this.options = options;
    this.db = db;
    this.accounts = new AccountService(vertx, db, clock, ids,
        PasswordHasher.create(options.getPasswordMemoryKib(), options.getPasswordIterations()));
    this.chat = new ChatService(vertx, db, clock, ids);
    this.hub = new LiveHub(vertx, chat, options.getLive());
    this.authn = new Authn(accounts, options.getPublicBaseUrl().map(u -> u.startsWith("https:")).orElse(false));
  }

  /** Opens the database (migrating it), builds the services and makes sure there is an admin. */
  public static Future<Platform> start(Vertx vertx, PlatformOptions options) {
    return start(vertx, options, Clock.systemUTC(), IdGenerator.secure());
  }

  public static Future<Platform> start(Vertx vertx, PlatformOptions options, Clock clock, IdGenerator ids) {
    return Database.open(vertx, options.getDatabase()).compose(db -> {
      Platform platform = new Platform(vertx, options, db, clock, ids);
      platform.registerMetrics();
      platform.startRuntime();
      return platform.accounts.bootstrapAdmin(options.getBootstrapAdmin())
          .map(token -> {
            platform.setupToken = token;
            return platform;
          })
          .recover(failure -> db.close().transform(x -> Future.failedFuture(failure)));
    });
  }

  /**
   * Creates the mini-app runtime (a GraalJS engine and its warm-up) on a worker thread, without
   * holding up the start, and logs which Truffle runtime it got: the optimizing one needs the
   * JIT launch of {@code ./parley start}.
   */
  private void startRuntime() {
    vertx.executeBlocking(() -> MiniAppRuntime.create(vertx, HostInterface.none()), false).onComplete(result -> {
      if (result.failed()) {
        LOG.error("the mini-app runtime could not start", result.cause());
        return;
      }
      MiniAppRuntime created = result.result();
      if (closed) {
        created.close();
        return;
      }
      runtime.set(created);
      RuntimeInfo info = created.info();
      if (info.optimizing()) {
        LOG.info("mini-app runtime ready truffleRuntime=\"{}\" optimizing=true", info.truffleRuntime());
      } else {
        LOG.warn("mini-app runtime ready truffleRuntime=\"{}\" optimizing=false: guest code runs interpreted, "
            + "several times slower; launch with ./parley start for the JIT", info.truffleRuntime());
      }
    });
  }

  /** The mini-app runtime, once it has started (a moment after the platform). */
  public Optional<MiniAppRuntime> runtime() {
    return Optional.ofNullable(runtime.get());
  }

  /** The one-time token of the first-admin setup link, when no admin exists yet. */
  public Optional<String> setupToken() {
    return setupToken.filter(t -> accounts.setupPending());
  }

  public Database database() {
    return db;
  }

  public AccountService accounts() {
    return accounts;
  }

  public ChatService chat() {
    return chat;
  }

  public LiveHub liveHub() {
    return hub;
  }

  /**
   * The API, health and metrics routes, with the problem+json failure handler. Mount at the root;
   * anything it does not handle falls through to the routes added after it.
   */
  public Router router() {
    Router root = Router.router(vertx);
    ChatApi chatApi = new ChatApi(vertx, chat, hub, authn, options.getPublicBaseUrl());
    AccountsApi accountsApi = new AccountsApi(vertx, accounts, authn);

    root.get("/api/live").handler(chatApi::live);
    root.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(options.getMaxBodyBytes()));
    root.route("/api/*").subRouter(apiRouter(accountsApi, chatApi));

    HealthChecks live = HealthChecks.create(vertx).register("process", p -> p.complete(Status.OK()));
    HealthChecks ready = HealthChecks.create(vertx).register("database", 2_000,
        p -> db.ping().onComplete(r -> p.tryComplete(r.succeeded() ? Status.OK() : Status.KO())))
        .register("miniapp-runtime", p -> p.complete(runtimeStatus()));
    root.get("/health/live").handler(HealthCheckHandler.createWithHealthChecks(live));
    root.get("/health/ready").handler(HealthCheckHandler.createWithHealthChecks(ready));
    root.get("/health").handler(HealthCheckHandler.createWithHealthChecks(ready));
    if (BackendRegistries.getDefaultNow() != null) {
      root.get("/metrics").handler(PrometheusScrapingHandler.create());
    }
    root.route().failureHandler(Problems::handle);
    return root;
  }

  private Router apiRouter(AccountsApi accountsApi, ChatApi chatApi) {
    Router api = Router.router(vertx);
    api.route().subRouter(accountsApi.publicRouter());
    api.route().handler(authn::required);
    api.route().subRouter(accountsApi.router());
    api.route().subRouter(chatApi.router());
    api.route().handler(ctx -> Problems.send(ctx, 404, "no API route " + ctx.request().method() + " " + ctx.request().path()));
    api.route().failureHandler(Problems::handle);
    return api;
  }

  /** Up while starting and while healthy; down once a runaway guest has cost a worker thread. */
  private Status runtimeStatus() {
    MiniAppRuntime r = runtime.get();
    if (r == null) {
      return Status.OK(new io.vertx.core.json.JsonObject().put("state", "starting"));
    }
    RuntimeInfo info = r.info();
    io.vertx.core.json.JsonObject data = new io.vertx.core.json.JsonObject()
        .put("truffleRuntime", info.truffleRuntime()).put("optimizing", info.optimizing())
        .put("abandonedThreads", info.abandonedThreads()).put("quarantinedVersions", info.quarantinedVersions());
    return info.healthy() ? Status.OK(data) : Status.KO(data);
  }

  private void registerMetrics() {
    MeterRegistry registry = BackendRegistries.getDefaultNow();
    if (registry == null) {
      return;
    }
    Cache<?, ?> members = chat.memberCache();
    CaffeineCacheMetrics.monitor(registry, members, "conversation_members");
    Gauge.builder("parley_live_connections", hub, LiveHub::connections)
        .description("Open live WebSocket sessions on this node").register(registry);
  }

  public Future<Void> close() {
    closed = true;
    MiniAppRuntime r = runtime.getAndSet(null);
    Future<Void> runtimeClosed = r == null ? Future.succeededFuture() : r.close();
    return runtimeClosed.eventually(db::close);
  }
}
