package dev.parley.bench.driver;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * Where the machine's CPU went over an interval: the server process, this driver (and its event
 * loop thread), idle; plus the driver's own GC time. Read from /proc and the JVM's beans.
 */
public final class CpuMeter {

  /** A reading at one instant. */
  public record Reading(long wallNanos, long serverNanos, long driverNanos, long loopNanos, long idleTicks,
      long totalTicks,
      long driverGcMillis) {
  }

  /** What happened between two readings. */
  public record Usage(double serverPct, double driverPct, double loopPct, double idlePct, long driverGcMillis) {
    /** CPU used by everything else on the machine, in % of one core. */
    public double othersPct(int cores) {
      return Math.max(0, (100 - idlePct) * cores - serverPct - driverPct);
    }

    /** Percentages are of one core; the machine has {@code cores * 100}. */
    public String describe(int cores) {
      return String.format(Locale.ROOT,
          "server %.0f%% + driver %.0f%% (its event loop %.0f%%) + other processes %.0f%% of %d%%;"
              + " idle %.0f%%",
          serverPct, driverPct, loopPct, othersPct(cores), cores * 100, idlePct * cores);
    }
  }

  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private volatile long loopThreadId = -1;

  public void loopThread(Thread t) {
    loopThreadId = t.threadId();
  }

  /**
   * Waits (at most {@code max}) until the rest of the machine is quiet: over one second, processes
   * other than this driver and {@code server} (may be null) used less than {@code limitPct} of
   * one core. This machine may be shared; the figures are only worth something on a quiet one.
   * Returns the last CPU use of the others, in % of one core.
   */
  public double awaitQuiet(ServerProcess server, Duration max, double limitPct) throws InterruptedException {
    int cores = Runtime.getRuntime().availableProcessors();
    long deadline = System.nanoTime() + max.toNanos();
    boolean told = false;
    while (true) {
      Reading a = read(server);
      Thread.sleep(1000);
      double others = between(a, read(server)).othersPct(cores);
      if (others < limitPct || System.nanoTime() > deadline) {
        if (told || others >= limitPct) {
          System.out.printf(Locale.ROOT, "   (other processes now use %.0f%% CPU%s)%n", others,
              others >= limitPct ? "; going ahead anyway, figures will be pessimistic" : "");
        }
        return others;
      }
      if (!told) {
        System.out.printf(Locale.ROOT,
            "   waiting up to %d s for other processes to quiet down (they use %.0f%% CPU) ...%n",
            max.toSeconds(), others);
        told = true;
      }
    }
  }

  public Reading read(ServerProcess server) {
    long[] cpu = machineTicks();
    long gc = 0;
    for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
      gc += Math.max(0, b.getCollectionTime());
    }
    long loop = loopThreadId < 0 ? 0 : Math.max(0, threads.getThreadCpuTime(loopThreadId));
    long self = ProcessHandle.current().info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L);
    return new Reading(System.nanoTime(), server == null ? 0 : server.cpuNanos(), self, loop, cpu[0], cpu[1], gc);
  }

  public static Usage between(Reading a, Reading b) {
    double wall = Math.max(1, b.wallNanos() - a.wallNanos());
    long ticks = Math.max(1, b.totalTicks() - a.totalTicks());
    return new Usage(100.0 * (b.serverNanos() - a.serverNanos()) / wall,
        100.0 * (b.driverNanos() - a.driverNanos()) / wall,
        100.0 * (b.loopNanos() - a.loopNanos()) / wall, 100.0 * (b.idleTicks() - a.idleTicks()) / ticks,
        b.driverGcMillis() - a.driverGcMillis());
  }

  /** The machine's load average over 1, 5 and 15 minutes, as /proc/loadavg has it ("unknown" without it). */
  public static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + ", " + f[1] + ", " + f[2];
    } catch (java.io.IOException | RuntimeException e) {
      return "unknown";
    }
  }

  /** {idle + iowait, total} jiffies of all CPUs. */
  private static long[] machineTicks() {
    try {
      String first = Files.readAllLines(Path.of("/proc/stat")).get(0);
      String[] f = first.trim().split("\\s+");
      long total = 0;
      for (int i = 1; i < Math.min(f.length, 9); i++) {
        total += Long.parseLong(f[i]);
      }
      return new long[] {Long.parseLong(f[4]) + Long.parseLong(f[5]), total};
    } catch (Exception e) {
      return new long[] {0, 1};
    }
  }
}
