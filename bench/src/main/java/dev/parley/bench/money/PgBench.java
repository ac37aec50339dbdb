package dev.parley.bench.money;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PostgreSQL's own {@code pgbench -b tpcb-like} (five statements per transaction: three account
 * updates, a select, an insert) on the same PostgreSQL as the money bench, in a database of its
 * own: the baseline the confirmed payments are compared with, measured in the same run.
 *
 * @param pgbench the {@code pgbench} executable
 * @param url {@code postgresql://user@host:port/database} of an empty database for it
 * @param scale {@code -i -s}: 100,000 pgbench accounts per unit
 * @param clients {@code -c}, as many as the payments in flight
 * @param seconds {@code -T}
 * @param log where pgbench's output goes
 */
record PgBench(Path pgbench, String url, int scale, int clients, int seconds, Path log) {

  private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)");

  /** What one run made. */
  record Result(String command, double tps, long transactions) {
  }

  /** Initialises pgbench's tables ({@code -i}). */
  void initialise() throws IOException, InterruptedException {
    run(List.of("-i", "-q", "-s", Integer.toString(scale)));
  }

  /** The tpcb-like run; its transactions per second. */
  Result measure() throws IOException, InterruptedException {
    List<String> args = List.of("-b", "tpcb-like", "-c", Integer.toString(clients), "-j", "2", "-T",
        Integer.toString(seconds));
    String out = run(args);
    Matcher m = TPS.matcher(out);
    if (!m.find()) {
      throw new IOException("pgbench printed no tps line; see " + log);
    }
    Matcher n = Pattern.compile("number of transactions actually processed: (\\d+)").matcher(out);
    return new Result("pgbench " + String.join(" ", args) + " (after -i -s " + scale + ")",
        Double.parseDouble(m.group(1)), n.find() ? Long.parseLong(n.group(1)) : 0);
  }

  private String run(List<String> args) throws IOException, InterruptedException {
    URI u = URI.create(url);
    String user = u.getUserInfo() == null ? "postgres" : u.getUserInfo();
    List<String> command = new ArrayList<>(List.of(pgbench.toString(), "-h", u.getHost(), "-p",
        Integer.toString(u.getPort() < 0 ? 5432 : u.getPort()), "-U", user));
    command.addAll(args);
    command.add(u.getPath().substring(1));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(seconds + 600L, TimeUnit.SECONDS) || p.exitValue() != 0) {
      Files.write(log, out);
      throw new IOException(String.format(Locale.ROOT, "%s failed (exit %s); see %s", String.join(" ", command),
          p.isAlive() ? "none" : Integer.toString(p.exitValue()), log));
    }
    String text = new String(out, StandardCharsets.UTF_8);
    Files.writeString(log, text, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.APPEND);
    return text;
  }
}
