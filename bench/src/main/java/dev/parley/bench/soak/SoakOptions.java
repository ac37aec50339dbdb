package dev.parley.bench.soak;

import dev.parley.bench.driver.Flags;
import dev.parley.bench.driver.ServerProcess;
import java.nio.file.Path;

/** How long and how hard, from the command line: {@code [--flag value ...]}. */
record SoakOptions(
    Path launcher,
    Path workDir,
    int waves,
    int waveSeconds,
    int restSeconds,
    int sampleSeconds,
    int users,
    int slowReaders,
    int chatRate,
    int commandRate,
    int paymentRate,
    int uploadRate,
    int uploadKib,
    int hostileRate,
    String serverJvmOptions,
    String revision) {

  static String usage() {
    return """
        usage: ./parley bench soak [--flag value ...]
          --waves N                  waves of load, each followed by a rest (default 4; --waves 30 for a long soak)
          --wave-seconds N           seconds of load in a wave (default 40)
          --rest-seconds N           seconds of rest after each wave, when memory should come back (default 20)
          --sample-seconds N         one printed line of heap, RSS, threads and p99 every N seconds (default 5)
          --users N                  active members of the group: they chat, call commands, pay, upload (default 10)
          --slow-readers N           members with two live WebSockets each that never read (default 20)
          --chat-rate N              messages/s posted to the group in a wave (default 100)
          --command-rate N           /ping commands/s in a wave (default 20)
          --payment-rate N           payments/s in a wave (default 50)
          --upload-rate N            media uploads/s in a wave (default 2)
          --upload-kib N             size of each upload, a WAV file of fresh noise (default 256)
          --hostile-rate N           calls/s of each hostile command (/burn, /alloc, /deep) in a wave (default 1)
          --server-jvm-options S     extra JVM options for the server (via JAVA_TOOL_OPTIONS)
        The defaults take about 5 minutes with the set-up; the load runs on the same machine as the server.
        """;
  }

  ServerProcess.Launcher server() {
    return new ServerProcess.Launcher(launcher, workDir, serverJvmOptions);
  }

  static SoakOptions parse(String[] args) {
    Flags f = Flags.parse("soak", args, "--waves", "--wave-seconds", "--rest-seconds", "--sample-seconds", "--users",
        "--slow-readers", "--chat-rate", "--command-rate", "--payment-rate", "--upload-rate", "--upload-kib",
        "--hostile-rate");
    return new SoakOptions(f.launcher(), f.workDir(), f.atLeast("--waves", 4, 1), f.atLeast("--wave-seconds", 40, 5),
        f.atLeast("--rest-seconds", 20, 5), f.atLeast("--sample-seconds", 5, 1), f.atLeast("--users", 10, 2),
        f.atLeast("--slow-readers", 20, 0), f.atLeast("--chat-rate", 100, 0), f.atLeast("--command-rate", 20, 0),
        f.atLeast("--payment-rate", 50, 0), f.atLeast("--upload-rate", 2, 0), f.atLeast("--upload-kib", 256, 1),
        f.atLeast("--hostile-rate", 1, 0), f.serverJvmOptions(), f.revision());
  }
}
