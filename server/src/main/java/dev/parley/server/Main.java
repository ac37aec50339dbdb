package dev.parley.server;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/** Starts Parley: {@code ./parley start [--flag value ...]}; {@code ./parley reconcile} checks the ledger. */
public final class Main {

  private Main() {
  }

  public static void main(String[] args) {
    if (args.length > 0 && args[0].equals("reconcile")) {
      System.exit(reconcile(List.of(args).subList(1, args.length)));
      return;
    }
    if (args.length > 0 && args[0].equals("reindex")) {
      System.exit(Reindex.run(List.of(args).subList(1, args.length)));
      return;
    }
    if (args.length > 0 && args[0].equals("train")) {
      // The AOT cache's training start (./parley runs it with -XX:AOTCacheOutput after a build).
      System.setProperty("vertx.logger-delegate-factory-class-name", "io.vertx.core.logging.SLF4JLogDelegateFactory");
      System.exit(AotTraining.run());
      return;
    }
    long t0 = System.nanoTime();
    ConfigLoader.Loaded loaded;
    try {
      loaded = ConfigLoader.load(List.of(args), System.getenv());
    } catch (ConfigLoader.ConfigException e) {
      System.err.println("parley: invalid configuration: " + e.getMessage());
      System.exit(2);
      return;
    }
    if (loaded.help()) {
      System.out.println(usage());
      return;
    }
    ServerOptions options = loaded.options();
    if ("json".equals(options.getLogFormat())) {
      System.setProperty("logback.configurationFile", "logback-json.xml");
    }
    System.setProperty("vertx.logger-delegate-factory-class-name", "io.vertx.core.logging.SLF4JLogDelegateFactory");
    var log = org.slf4j.LoggerFactory.getLogger(Main.class);

    String refused = ParleyServer.clusterRefusal(options);
    if (refused != null) {
      System.err.println("parley: cannot start: " + refused);
      System.exit(2);
      return;
    }
    Vertx vertx;
    try {
      vertx = options.getCluster().isEnabled() ? clusteredVertx(options) : vertx();
    } catch (Exception e) {
      Throwable cause = e.getCause() != null && e instanceof java.util.concurrent.ExecutionException ? e.getCause() : e;
      log.error("joining the cluster failed", cause);
      System.err.println("parley: cannot join the cluster: " + describe(cause));
      System.exit(1);
      return;
    }
    logTransport(vertx, log);
    ParleyServer server;
    try {
      server = ParleyServer.start(vertx, options).await(2, TimeUnit.MINUTES);
    } catch (Exception e) {
      Throwable cause = e.getCause() != null && e instanceof java.util.concurrent.ExecutionException ? e.getCause() : e;
      log.error("start failed", cause);
      System.err.println("parley: cannot start: " + describe(cause));
      vertx.close();
      System.exit(1);
      return;
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      // One after the other from this thread: chained on the server's future, Vert.x's close would
      // be answered on an event loop it has just stopped (a RejectedExecutionException at every stop).
      try {
        server.close().await(10, TimeUnit.SECONDS);
      } catch (Exception ignored) {
        // exiting anyway
      }
      try {
        vertx.close().await(10, TimeUnit.SECONDS);
      } catch (Exception ignored) {
        // exiting anyway
      }
    }, "parley-shutdown"));

    StringBuilder banner = new StringBuilder();
    banner.append("\n  Parley is ready: ").append(server.publicBaseUrl())
        .append(String.format(Locale.ROOT, "   (started in %.2f s)%n", seconds))
        .append("  data directory:  ").append(java.nio.file.Path.of(options.getDataDir()).toAbsolutePath().normalize())
        .append('\n')
        .append("  database:        ").append(server.platform().database().description()).append('\n');
    server.setupLink().ifPresentOrElse(
        link -> banner.append("\n  No admin yet. Open this one-time link to create the first admin account:\n    ")
            .append(link).append("\n  (a new link is printed at each start until an admin exists)\n"),
        () -> banner.append(options.getBootstrapAdmin().map(a -> "  first admin:     '" + a.getString("username")
            + "' (from configuration); sign in with its password\n")
            .orElse("  sign in with your account; admins manage roles\n")));
    banner.append("  Press Ctrl+C to stop.\n");
    System.out.println(banner);
    log.info("ready url={} startSeconds={}", server.publicBaseUrl(), String.format(Locale.ROOT, "%.3f", seconds));
    bindJvmMeters(vertx);
  }

  /**
   * The JVM's meters (memory, GC, threads, classes, compilation, CPU, uptime: what Vert.x's
   * {@code jvmMetricsEnabled} binds), bound on a worker once the server is ready: no request needs
   * them, and creating them (the heap-pressure and GC listeners above all) is a tenth of a restart.
   */
  static void bindJvmMeters(Vertx vertx) {
    vertx.executeBlocking(() -> {
      var registry = io.vertx.micrometer.backends.BackendRegistries.getDefaultNow();
      if (registry != null) {
        List.<io.micrometer.core.instrument.binder.MeterBinder>of(
            new io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics(),
            new io.micrometer.core.instrument.binder.jvm.JvmCompilationMetrics(),
            new io.micrometer.core.instrument.binder.jvm.JvmGcMetrics(),
            new io.micrometer.core.instrument.binder.jvm.JvmHeapPressureMetrics(),
            new io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics(),
            new io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics(),
            new io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics(),
            new io.micrometer.core.instrument.binder.system.ProcessorMetrics(),
            new io.micrometer.core.instrument.binder.system.UptimeMetrics()).forEach(b -> b.bindTo(registry));
      }
      return null;
    }, false);
  }

  /** The server's Vert.x: Micrometer metrics with the Prometheus backend and the JVM's own meters. */
  static Vertx vertx() {
    return Vertx.vertx(vertxOptions());
  }

  private static VertxOptions vertxOptions() {
    return new VertxOptions().setPreferNativeTransport(true)
        .setMetricsOptions(new MicrometerMetricsOptions()
            .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true))
            // The JVM's own meters are bound after ready (bindJvmMeters): a tenth of a restart's CPU.
            .setJvmMetricsEnabled(false)
            .setEnabled(true));
  }

  /** A node of a cluster (issue 23): the same Vert.x, clustered over Hazelcast; waits until it has joined. */
  static Vertx clusteredVertx(ServerOptions options) throws Exception {
    var cluster = options.getCluster();
    org.slf4j.LoggerFactory.getLogger(Main.class).info("joining the cluster host={} port={} members={}",
        cluster.getHost(), cluster.getPort(), cluster.getMembers());
    return dev.parley.core.cluster.ClusterNode.start(cluster, vertxOptions()).await(2, TimeUnit.MINUTES);
  }

  /**
   * {@code ./parley reconcile [flags]}: opens the configured database (the same settings as
   * {@code start}), recomputes every ledger balance from its entries, prints the report and answers
   * 0 when it is clean, 1 when something differs or the check could not run, 2 for bad settings.
   */
  static int reconcile(List<String> args) {
    ConfigLoader.Loaded loaded;
    try {
      loaded = ConfigLoader.load(args, System.getenv());
    } catch (ConfigLoader.ConfigException e) {
      System.err.println("parley: invalid configuration: " + e.getMessage());
      return 2;
    }
    if (loaded.help()) {
      System.out.println("Usage: ./parley reconcile [--flag value ...]   (the settings of ./parley start)");
      return 0;
    }
    ServerOptions options = loaded.options();
    Vertx vertx = Vertx.vertx();
    try {
      var db = dev.parley.core.common.storage.Database.open(vertx,
          new dev.parley.core.common.storage.DatabaseOptions(options.getDatabase())
              .setUrl(options.effectiveDatabaseUrl()))
          .await(2, TimeUnit.MINUTES);
      try {
        var ledger = new dev.parley.core.money.ledger.LedgerService(vertx, db, java.time.Clock.systemUTC(),
            dev.parley.core.common.IdGenerator.secure(), dev.parley.core.money.ledger.TestCardProvider.create());
        var report = ledger.reconcile().await(10, TimeUnit.MINUTES);
        System.out.println(report.toJson().encodePrettily());
        System.out.println(report.ok()
            ? "parley: ledger reconciliation clean (" + report.accounts() + " accounts, " + report.transfers()
                + " transfers)"
            : "parley: ledger reconciliation found " + report.differences().size() + " difference(s) in "
                + db.description());
        return report.ok() ? 0 : 1;
      } finally {
        db.close().await(10, TimeUnit.SECONDS);
      }
    } catch (Exception e) {
      Throwable cause = e.getCause() != null && e instanceof java.util.concurrent.ExecutionException ? e.getCause() : e;
      System.err.println("parley: cannot reconcile: " + describe(cause));
      return 1;
    } finally {
      vertx.close();
    }
  }

  static String describe(Throwable t) {
    StringBuilder out = new StringBuilder(String.valueOf(t.getMessage()));
    for (Throwable c = t.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
      if (c.getMessage() != null && !out.toString().contains(c.getMessage())) {
        out.append(": ").append(c.getMessage().lines().findFirst().orElse(""));
      }
    }
    return out.toString();
  }

  /** The text of {@code --help}: the commands, then every setting from the table of {@link Settings}. */
  /** Says which network transport serves: Netty's native epoll where it loads, else NIO (and why). */
  static void logTransport(Vertx vertx, org.slf4j.Logger log) {
    if (vertx.isNativeTransportEnabled()) {
      log.info("network transport: native (epoll)");
    } else {
      Throwable why = vertx.unavailableNativeTransportCause();
      log.info("network transport: NIO (native transport unavailable: {})",
          why == null ? "not asked for" : why.toString());
    }
  }

  static String usage() {
    return """
        Usage: ./parley start [--cluster] [--flag value ...]   (--cluster: --cluster.enabled true)
               ./parley reconcile [--flag value ...]   check the ledger (exit 0 clean, 1 differences)
               ./parley reindex [--flag value ...]     rebuild the message search index from the database

        Settings, in rising priority: defaults < --config FILE (JSON or YAML) < PARLEY_* environment < flags.
        A flag is --name VALUE or --name=VALUE. The file's keys are the settings' names in camelCase, nested
        for sections: --live.max-queued-bytes is PARLEY_LIVE__MAX_QUEUED_BYTES and live: {maxQueuedBytes: ...}.

        """ + Settings.help();
  }
}
