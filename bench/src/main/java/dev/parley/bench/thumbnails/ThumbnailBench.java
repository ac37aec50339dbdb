package dev.parley.bench.thumbnails;

import dev.parley.core.attachments.content.ContentInspector;
import dev.parley.core.attachments.content.ContentLimits;
import dev.parley.core.attachments.content.Inspection;
import dev.parley.core.attachments.content.Preview;
import dev.parley.core.attachments.content.PreviewMaker;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.HdrHistogram.Histogram;

/**
 * {@code ./parley bench thumbnails}: for photos of a few sizes (made here: gradients, shapes and
 * noise, so that JPEG sizes are like a camera's), the time of {@link PreviewMaker#make} per image
 * (what the server does for every image attachment) against the baseline of decoding the same
 * file with {@code ImageIO.read}, in the same run. Single-threaded: the per-image cost on one core.
 */
public final class ThumbnailBench {

  private ThumbnailBench() {
  }

  record Size(String name, int width, int height) {
  }

  public static void main(String[] args) throws IOException {
    int rounds = 30;
    int warmup = 5;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--warmup" -> warmup = Integer.parseInt(args[++i]);
        default -> {
          System.out.println("usage: ./parley bench thumbnails [--rounds N] [--warmup N]");
          return;
        }
      }
    }
    List<Size> sizes = List.of(new Size("1 MP", 1280, 800), new Size("3 MP", 2048, 1536),
        new Size("12 MP", 4032, 3024));
    Path dir = Files.createTempDirectory("parley-thumbnails");
    PreviewMaker maker = new PreviewMaker();
    ContentInspector inspector = new ContentInspector(ContentLimits.DEFAULTS);
    System.out.printf(Locale.ROOT, "thumbnails: %d rounds after %d warm-up, one thread, %s%n", rounds, warmup,
        Runtime.version());
    System.out.printf(Locale.ROOT, "%-6s %-5s %9s | %-22s | %-22s | %s%n", "size", "type", "bytes",
        "decode only p50/p99 ms", "preview p50/p99 ms", "thumbnail bytes");
    for (Size size : sizes) {
      for (String format : List.of("jpeg", "png")) {
        Path file = dir.resolve(size.width() + "x" + size.height() + "." + format);
        ImageIO.write(photo(size.width(), size.height()), format, file.toFile());
        Inspection inspection = inspector.inspect(file, "image/" + format, file.getFileName().toString());
        Histogram decode = new Histogram(3);
        Histogram preview = new Histogram(3);
        int thumbBytes = 0;
        for (int r = 0; r < warmup + rounds; r++) {
          long t0 = System.nanoTime();
          BufferedImage decoded = ImageIO.read(file.toFile());
          long t1 = System.nanoTime();
          Preview p = maker.make(file, inspection);
          long t2 = System.nanoTime();
          if (decoded == null || p.thumbnail() == null) {
            throw new IllegalStateException("no image: " + p.failure());
          }
          thumbBytes = p.thumbnail().length;
          if (r >= warmup) {
            decode.recordValue((t1 - t0) / 1000);
            preview.recordValue((t2 - t1) / 1000);
          }
        }
        System.out.printf(Locale.ROOT, "%-6s %-5s %9d | %9.1f / %9.1f   | %9.1f / %9.1f   | %d%n", size.name(), format,
            Files.size(file), ms(decode, 50), ms(decode, 99), ms(preview, 50), ms(preview, 99), thumbBytes);
      }
    }
    try (var files = Files.list(dir)) {
      for (Path f : files.toList()) {
        Files.delete(f);
      }
    }
    Files.delete(dir);
  }

  private static double ms(Histogram h, double percentile) {
    return h.getValueAtPercentile(percentile) / 1000.0;
  }

  /** A picture with some of a photo's texture: a gradient, shapes and fine noise. */
  private static BufferedImage photo(int w, int h) {
    BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setPaint(new GradientPaint(0, 0, new Color(30, 90, 160), w, h, new Color(240, 200, 120)));
    g.fillRect(0, 0, w, h);
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < 200; i++) {
      g.setColor(new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256), 120));
      g.fillOval(random.nextInt(w), random.nextInt(h), 20 + random.nextInt(w / 4), 20 + random.nextInt(h / 4));
    }
    g.dispose();
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x += 1) {
        int rgb = image.getRGB(x, y);
        int n = random.nextInt(17) - 8;
        int r = clamp(((rgb >> 16) & 0xFF) + n);
        int gr = clamp(((rgb >> 8) & 0xFF) + n);
        int b = clamp((rgb & 0xFF) + n);
        image.setRGB(x, y, (r << 16) | (gr << 8) | b);
      }
    }
    return image;
  }

  private static int clamp(int v) {
    return Math.max(0, Math.min(255, v));
  }
}
