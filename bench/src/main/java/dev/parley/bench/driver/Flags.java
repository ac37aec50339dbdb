package dev.parley.bench.driver;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The {@code --flag value} arguments of a benchmark, as its shell script and its user pass them:
 * every bench takes {@code --launcher} and {@code --work-dir} (set by {@code bench/<name>.sh}),
 * {@code --revision} and {@code --server-jvm-options}, plus flags of its own. A wrong argument is an
 * {@link IllegalArgumentException} naming it (empty for a request for help), which the bench's
 * {@code main} turns into its usage.
 */
public final class Flags {

  private static final List<String> COMMON = List.of("--launcher", "--work-dir", "--revision", "--server-jvm-options");

  private final String bench;
  private final Map<String, String> values;

  private Flags(String bench, Map<String, String> values) {
    this.bench = bench;
    this.values = values;
  }

  /** Reads {@code args}; {@code own} are the flags of this bench besides the common ones. */
  public static Flags parse(String bench, String[] args, String... own) {
    Set<String> known = Set.copyOf(Stream.concat(COMMON.stream(), Stream.of(own)).toList());
    Map<String, String> values = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("-h") || a.equals("--help") || a.equals("help")) {
        throw new IllegalArgumentException("");
      }
      if (!a.startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("unexpected argument '" + a + "'");
      }
      if (!known.contains(a)) {
        throw new IllegalArgumentException("unknown flag " + a);
      }
      values.put(a, args[++i]);
    }
    if (!values.containsKey("--launcher") || !values.containsKey("--work-dir")) {
      throw new IllegalArgumentException(
          "--launcher and --work-dir are set by bench/" + bench + ".sh; run ./parley bench "
              + bench);
    }
    return new Flags(bench, values);
  }

  public Path launcher() {
    return Path.of(values.get("--launcher"));
  }

  public Path workDir() {
    return Path.of(values.get("--work-dir"));
  }

  public String revision() {
    return string("--revision", "unknown");
  }

  public String serverJvmOptions() {
    return string("--server-jvm-options", "");
  }

  public String string(String flag, String otherwise) {
    return values.getOrDefault(flag, otherwise);
  }

  /** A whole number of at least {@code min}, or {@code otherwise} when the flag is not given. */
  public int atLeast(String flag, int otherwise, int min) {
    String v = values.get(flag);
    if (v == null) {
      return otherwise;
    }
    int n;
    try {
      n = Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + " must be a whole number, got " + v);
    }
    if (n < min) {
      throw new IllegalArgumentException(flag + " must be at least " + min + ", got " + v);
    }
    return n;
  }

  @Override
  public String toString() {
    return bench + " " + values;
  }
}
