package dev.parley.bench.chat;

import java.util.Locale;
import java.util.Map;

/**
 * What the server's own metrics ({@code /metrics}) say about an interval: where a message's time
 * and CPU go on the server side. Differences of two scrapes.
 */
record ServerMetrics(double sqlPerMessage, double sqlMillis, double txHeldMillis, double dbWaitMillis,
    double workerTasksPerMessage, double workerWaitMillis, double cpuMillisPerMessage, double gcMillis,
    double jitMillis) {

  private static final String DB = "{pool_name=\"parley-db\",pool_type=\"sql\"}";
  private static final String WORKER = "{pool_name=\"vert.x-worker-thread\",pool_type=\"worker\"}";

  static ServerMetrics between(Map<String, Double> a, Map<String, Double> b, long messages) {
    double n = Math.max(1, messages);
    return new ServerMetrics(
        delta(a, b, "vertx_sql_processing_time_seconds_count") / n,
        mean(a, b, "vertx_sql_processing_time_seconds", "") * 1000,
        mean(a, b, "vertx_pool_usage_seconds", DB) * 1000,
        mean(a, b, "vertx_pool_queue_time_seconds", DB) * 1000,
        delta(a, b, "vertx_pool_completed_total" + WORKER) / n,
        mean(a, b, "vertx_pool_queue_time_seconds", WORKER) * 1000,
        delta(a, b, "process_cpu_time_ns_total") / 1e6 / n,
        sumDelta(a, b, "jvm_gc_pause_seconds_sum") * 1000,
        sumDelta(a, b, "jvm_compilation_time_ms_total"));
  }

  String describe() {
    return String.format(Locale.ROOT,
        "server per message: %.1f ms CPU, %.1f SQL statements (%.2f ms each), %.1f worker-pool"
            + " tasks (%.2f ms queued); a DB connection is held %.2f ms per use and waited for %.2f ms; in all GC pauses %.0f ms,"
            + " JIT compiling %.0f ms",
        cpuMillisPerMessage, sqlPerMessage, sqlMillis, workerTasksPerMessage, workerWaitMillis,
        txHeldMillis, dbWaitMillis, gcMillis, jitMillis);
  }

  private static double delta(Map<String, Double> a, Map<String, Double> b, String key) {
    Double x = a.get(key);
    Double y = b.get(key);
    return x == null || y == null ? Double.NaN : y - x;
  }

  private static double mean(Map<String, Double> a, Map<String, Double> b, String name, String labels) {
    double count = delta(a, b, name + "_count" + labels);
    return count > 0 ? delta(a, b, name + "_sum" + labels) / count : Double.NaN;
  }

  private static double sumDelta(Map<String, Double> a, Map<String, Double> b, String name) {
    double sum = 0;
    for (Map.Entry<String, Double> e : b.entrySet()) {
      if (e.getKey().startsWith(name)) {
        sum += e.getValue() - a.getOrDefault(e.getKey(), 0.0);
      }
    }
    return sum;
  }
}
