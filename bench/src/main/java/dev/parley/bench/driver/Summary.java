package dev.parley.bench.driver;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The figures of a run against their targets, printed as one table at the end. */
public final class Summary {

  private record Row(String figure, String measured, String target, String verdict) {
  }

  private final List<Row> rows = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();

  /** A figure where lower is better: met when {@code value <= target}. */
  public void atMost(String figure, double value, double target, String unit) {
    String verdict;
    if (Double.isNaN(value)) {
      verdict = "NOT MEASURED";
    } else if (value <= target) {
      verdict = "met";
    } else {
      verdict = String.format(Locale.ROOT, "MISSED by %s %s (%.0f%% over)", fmt(value - target), unit,
          (value / target - 1) * 100);
    }
    rows.add(
        new Row(figure, Double.isNaN(value) ? "-" : fmt(value) + " " + unit, "< " + fmt(target) + " " + unit, verdict));
  }

  /** A figure where higher is better: met when {@code value >= target}. */
  public void atLeast(String figure, double value, double target, String unit) {
    String verdict;
    if (Double.isNaN(value)) {
      verdict = "NOT MEASURED";
    } else if (value >= target) {
      verdict = "met";
    } else {
      verdict = String.format(Locale.ROOT, "MISSED by %s %s", fmt(target - value), unit);
    }
    rows.add(new Row(figure, Double.isNaN(value) ? "-" : fmt(value) + " " + unit, ">= " + fmt(target) + " " + unit,
        verdict));
  }

  /** A figure without a target. */
  public void info(String figure, String measured) {
    rows.add(new Row(figure, measured, "-", "(info)"));
  }

  public void note(String note) {
    notes.add(note);
  }

  public void print() {
    int w0 = "figure".length();
    int w1 = "measured".length();
    int w2 = "target".length();
    for (Row r : rows) {
      w0 = Math.max(w0, r.figure().length());
      w1 = Math.max(w1, r.measured().length());
      w2 = Math.max(w2, r.target().length());
    }
    String fmt = "  %-" + w0 + "s  %" + w1 + "s  %-" + w2 + "s  %s%n";
    System.out.println();
    System.out.println("== Summary " + "=".repeat(Math.max(10, w0 + w1 + w2 + 20)));
    System.out.printf(Locale.ROOT, fmt, "figure", "measured", "target", "verdict");
    System.out.printf(Locale.ROOT, fmt, "-".repeat(w0), "-".repeat(w1), "-".repeat(w2), "-------");
    for (Row r : rows) {
      System.out.printf(Locale.ROOT, fmt, r.figure(), r.measured(), r.target(), r.verdict());
    }
    for (String n : notes) {
      System.out.println("  * " + n);
    }
    System.out.flush();
  }

  public static String fmt(double v) {
    double a = Math.abs(v);
    if (a >= 100) {
      return String.format(Locale.ROOT, "%.0f", v);
    }
    if (a >= 10) {
      return String.format(Locale.ROOT, "%.1f", v);
    }
    return String.format(Locale.ROOT, "%.2f", v);
  }
}
