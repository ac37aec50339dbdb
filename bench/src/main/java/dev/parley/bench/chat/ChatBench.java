package dev.parley.bench.chat;

import dev.parley.bench.driver.CpuMeter;
import dev.parley.bench.driver.Summary;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/** {@code ./parley bench chat [startup] [fanout] [attachments] [memory] [reclaim] [--flag value ...]}: see {@link ChatBenchOptions#usage()}. */
public final class ChatBench {

  private ChatBench() {
  }

  public static void main(String[] args) throws Exception {
    ChatBenchOptions options;
    try {
      options = ChatBenchOptions.parse(args);
    } catch (IllegalArgumentException e) {
      if (!e.getMessage().isEmpty()) {
        System.err.println("bench chat: " + e.getMessage());
      }
      System.err.print(ChatBenchOptions.usage());
      System.exit(2);
      return;
    }
    int cores = Runtime.getRuntime().availableProcessors();
    System.out.printf(Locale.ROOT, "Parley chat benchmark: %s (build %s)%n", String.join(" ", options.parts().stream()
        .sorted((a, b) -> order(a) - order(b)).toList()), options.revision());
    System.out.printf(Locale.ROOT, "machine: %d cores, %.1f GB RAM, %s %s; driver on %s %s%n", cores,
        physicalMemory() / 1e9, System.getProperty("os.name"), System.getProperty("os.version"),
        System.getProperty("java.vm.name"), System.getProperty("java.version"));
    System.out
        .println("NOTE: the load generator runs on the same " + cores + "-core machine as the server: every figure"
            + " below includes that competition for CPU.");
    Summary summary = new Summary();
    long t0 = System.nanoTime();
    if (options.parts().contains("startup")) {
      new StartupBench(options, summary).run();
    }
    if (options.parts().contains("fanout") || options.parts().contains("memory")
        || options.parts().contains("reclaim") || options.parts().contains("attachments")) {
      // One Vert.x instance with one event loop for the whole load generator.
      Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(2)
          .setInternalBlockingPoolSize(2).setBlockedThreadCheckInterval(10_000));
      try {
        CpuMeter cpu = new CpuMeter();
        if (options.parts().contains("fanout")) {
          new FanoutBench(options, summary, vertx, cpu).run();
        }
        if (options.parts().contains("attachments")) {
          new FanoutBench(options, summary, vertx, cpu).runWithAttachments();
        }
        if (options.parts().contains("memory")) {
          new MemoryBench(options, summary, vertx).run();
        }
        if (options.parts().contains("reclaim")) {
          new ReclaimBench(options, summary, vertx).run();
        }
      } finally {
        vertx.close().await(30, TimeUnit.SECONDS);
      }
    }
    summary.note(String.format(Locale.ROOT, "load generator and server shared %d cores; total run time %.0f s", cores,
        (System.nanoTime() - t0) / 1e9));
    summary.print();
  }

  private static int order(String part) {
    return switch (part) {
      case "startup" -> 0;
      case "fanout" -> 1;
      case "attachments" -> 2;
      case "memory" -> 3;
      default -> 4;
    };
  }

  private static long physicalMemory() {
    if (java.lang.management.ManagementFactory
        .getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getTotalMemorySize();
    }
    return 0;
  }
}
