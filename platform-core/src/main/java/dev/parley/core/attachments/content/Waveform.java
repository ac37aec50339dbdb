package dev.parley.core.attachments.content;

import java.util.ArrayList;
import java.util.List;

/**
 * The 64 bars (0..100) of a voice message: the loudness (RMS) of each stretch of the recording,
 * relative to the loudest, as messengers draw it. Fed one measure per packet, in order.
 */
final class Waveform {

  static final int BARS = 64;

  private final List<double[]> measures = new ArrayList<>();

  /** One packet: how long it lasts (samples, or any unit proportional to time) and its level. */
  void add(double duration, double level) {
    if (duration > 0 && Double.isFinite(level)) {
      measures.add(new double[] {duration, level});
    }
  }

  boolean isEmpty() {
    return measures.isEmpty();
  }

  /** The bars: each the loudest level of the packets that fall in its 64th of the time. */
  List<Integer> bars() {
    double total = 0;
    for (double[] m : measures) {
      total += m[0];
    }
    double[] bars = new double[BARS];
    boolean[] filled = new boolean[BARS];
    double t = 0;
    for (double[] m : measures) {
      int bar = (int) Math.min(BARS - 1, Math.floor((t + m[0] / 2) / total * BARS));
      bars[bar] = Math.max(bars[bar], m[1]);
      filled[bar] = true;
      t += m[0];
    }
    // a bar no packet fell in (fewer packets than bars) takes its left neighbour's level
    for (int i = 1; i < BARS; i++) {
      if (!filled[i]) {
        bars[i] = bars[i - 1];
      }
    }
    double max = 0;
    for (double b : bars) {
      max = Math.max(max, b);
    }
    List<Integer> out = new ArrayList<>(BARS);
    for (double b : bars) {
      out.add(max <= 0 ? 0 : (int) Math.round(100 * b / max));
    }
    return out;
  }
}
